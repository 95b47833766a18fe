// Per test process: the Temporal runtime logs only errors, so test output shows test results.
import { DefaultLogger, IllegalStateError, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch (error) {
  // A process that runs several test files installs it once; the first install stands.
  if (!(error instanceof IllegalStateError)) throw error;
}
