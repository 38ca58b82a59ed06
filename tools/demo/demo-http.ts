/** What the demo's steps share: HTTP calls printed as they go, step titles, expectations, polling. */

/** An HTTP answer, parsed. */
export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Sends a JSON request, prints it and its answer, and returns the answer. */
export async function call<T = unknown>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const started = Date.now();
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const shown = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  console.log(`  ${method} ${url}${shown ? `  [${shown}]` : ''}`);
  console.log(
    `    -> ${response.status} in ${Date.now() - started} ms  ${text.length > 160 ? `${text.slice(0, 160)}...` : text}`,
  );
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as T,
  };
}

/** Prints a step's title. */
export function step(title: string): void {
  console.log(`\n== ${title}`);
}

/** Prints a remark under the current step. */
export function note(text: string): void {
  console.log(`  .. ${text}`);
}

/** @throws Error when the answer's status is not `status`. */
export function expectStatus(reply: Reply, status: number): void {
  if (reply.status !== status) throw new Error(`expected HTTP ${status}, got ${reply.status}`);
}

/**
 * Reads `url` quietly every 250 ms until `done` holds, then prints the last answer.
 * @throws Error after `seconds` without it.
 */
export async function poll<T>(
  url: string,
  done: (body: T, status: number) => boolean,
  what: string,
  seconds = 20,
): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const response = await fetch(url);
    const text = await response.text();
    const body = (text ? JSON.parse(text) : null) as T;
    if (done(body, response.status)) {
      console.log(`  GET ${url}  (polled until ${what})`);
      console.log(
        `    -> ${response.status}  ${text.length > 160 ? `${text.slice(0, 160)}...` : text}`,
      );
      return body;
    }
    if (Date.now() > deadline)
      throw new Error(`${what} did not happen within ${seconds} s: ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A postal address in a city, as the demo's customers give it. */
export const address = (city: string) => ({
  street: '1 Demo Street',
  city,
  postalCode: '1000',
  country: 'be',
});
