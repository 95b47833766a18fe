// Loaded by the worker into the workflow sandbox (failureConverterPath) and used by every client:
// failure messages and stack traces move into an encoded attribute, so the payload codec encrypts
// them like any other payload and the Temporal server never stores them in the clear.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
