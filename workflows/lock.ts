/**
 * Runs async sections one after another, in the order they asked. Plain promise chaining is
 * deterministic inside the workflow sandbox, so replays take the same turns.
 */
export class Lock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(section);
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}
