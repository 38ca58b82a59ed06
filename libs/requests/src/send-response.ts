import type { Response } from 'express';
import { OutcomeResponse } from './outcome-response';

/** Writes an outcome response to Express: status, headers, JSON body (none for 204). */
export function sendResponse(res: Response, response: OutcomeResponse): void {
  res.status(response.status);
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (response.status === 204) res.end();
  else res.json(response.body);
}
