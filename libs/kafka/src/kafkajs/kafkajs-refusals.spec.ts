import {
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { RecordRefusedError } from '../errors/record-refused.error';
import { toProduceError } from './kafkajs-refusals';

/** A protocol error as kafkajs builds it from a broker's error code (`createErrorFromCode`). */
function protocolError(type: string, retriable: boolean): KafkaJSProtocolError {
  return new KafkaJSProtocolError(
    Object.assign(new KafkaJSError('the broker said no', { retriable }), { type, code: 0 }),
  );
}

describe(toProduceError.name, () => {
  it.each([
    ['MESSAGE_TOO_LARGE', false],
    ['RECORD_LIST_TOO_LARGE', false],
    ['INVALID_RECORD', false],
    ['INVALID_TOPIC_EXCEPTION', false],
    ['CORRUPT_MESSAGE', true],
  ])(
    'returns a RecordRefusedError carrying the code when the broker refused with %s',
    (type, retriable) => {
      const mapped = toProduceError(protocolError(type, retriable));

      expect(mapped).toBeInstanceOf(RecordRefusedError);
      expect(mapped).toMatchObject({ reason: type, retriable: false });
    },
  );

  it('finds the code under the wrappers kafkajs adds when it gives up', () => {
    const refused = protocolError('MESSAGE_TOO_LARGE', false);
    const bailed = Object.assign(new KafkaJSNonRetriableError(refused), { cause: refused });
    const exhausted = new KafkaJSNumberOfRetriesExceeded(bailed, { retryCount: 5, retryTime: 1 });

    expect(toProduceError(bailed)).toMatchObject({ reason: 'MESSAGE_TOO_LARGE' });
    expect(toProduceError(exhausted)).toMatchObject({ reason: 'MESSAGE_TOO_LARGE' });
  });

  it.each<[string, Error]>([
    ['a retriable broker code', protocolError('NOT_LEADER_FOR_PARTITION', true)],
    [
      'an authorization failure (an operator fixes the ACL)',
      protocolError('TOPIC_AUTHORIZATION_FAILED', false),
    ],
    ['a lost connection', new KafkaJSConnectionError('Connection error: ECONNREFUSED')],
    ['a message that names a refusal but carries no code', new Error('MESSAGE_TOO_LARGE')],
  ])('returns the error as it is when it is %s', (_, error) => {
    expect(toProduceError(error)).toBe(error);
  });
});
