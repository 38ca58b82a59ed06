import { outcomeResponse, pendingResponse } from './outcome-response';
import { pendingRequestSchema } from './pending-request.dto';
import { rejectionSchema } from './rejection.dto';

describe('pendingResponse', () => {
  it('answers 202 with the body the OpenAPI document declares', () => {
    const response = pendingResponse('key 1');
    expect(response.status).toBe(202);
    expect(pendingRequestSchema.parse(response.body)).toEqual({
      trackingId: 'key 1',
      status: 'pending',
      location: '/requests/key%201',
    });
  });
});

describe('outcomeResponse', () => {
  it('answers a rejection with its mapped status and the body the OpenAPI document declares', () => {
    const response = outcomeResponse(
      { trackingId: 't-1', status: 'rejected', reasonCode: 'email-taken', reason: 'taken' },
      {},
      { 'email-taken': 409 },
    );
    expect(response.status).toBe(409);
    expect(rejectionSchema.strict().parse(response.body)).toEqual({
      trackingId: 't-1',
      status: 'rejected',
      code: 'email-taken',
      reason: 'taken',
    });
  });
});
