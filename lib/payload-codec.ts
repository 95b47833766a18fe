// Every payload Temporal stores (inputs, results, signal and update arguments, failure details) is
// sealed with AES-256-GCM before it leaves the process. The Temporal server, its database and its
// Web UI see only ciphertext; the UI shows plaintext to an authenticated admin through the api's
// codec endpoint.
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import { decode, encode } from '@temporalio/common/lib/encoding.js';
import proto from '@temporalio/proto';
import { createSealer, type KeyRing } from './crypto.js';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
// @temporalio/proto is CommonJS: its namespace object arrives as the default export under ESM.
const { temporal } = proto;
const ASSOCIATED_DATA = Buffer.from('temporal-payload', 'utf8');

export class EncryptionCodec implements PayloadCodec {
  private readonly sealer;

  constructor(keys: KeyRing) {
    this.sealer = createSealer(keys, 'payload');
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => ({
      metadata: {
        [METADATA_ENCODING_KEY]: encode(ENCRYPTED_ENCODING),
        [METADATA_KEY_ID]: encode(this.sealer.currentKeyId),
      },
      data: this.sealer.seal(temporal.api.common.v1.Payload.encode(payload).finish(), ASSOCIATED_DATA),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || decode(encoding) !== ENCRYPTED_ENCODING) return payload;
      if (!payload.data) throw new ValueError('Encrypted payload has no data');
      const plain = this.sealer.open(payload.data, ASSOCIATED_DATA);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}
