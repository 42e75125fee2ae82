/**
 * stripe-node's Node HTTP client, keeping what stripe-node drops when a body is not JSON: its HTTP status and
 * content type. stripe-node then throws a StripeAPIError without a status ("Invalid JSON received from the
 * Stripe API"); with them the tap can tell a proxy's 502 page (retried) from an api_base that is not Stripe
 * at all (an HTML page with 200 or 404: not retried, one clear line).
 */
import type Stripe from 'stripe';

type HttpClient = NonNullable<Stripe.StripeConfig['httpClient']>;
type HttpResponse = Awaited<ReturnType<HttpClient['makeRequest']>>;

/** What the tap adds to stripe-node's body parse error (found again as `raw.exception` of its StripeAPIError). */
export interface BodyInfo {
  httpStatus: number;
  contentType: string | undefined;
  bytes: number;
  /** The body starts like an HTML page. */
  html: boolean;
}

export function statusKeepingHttpClient(library: typeof Stripe): HttpClient {
  const inner = library.createNodeHttpClient();
  return {
    getClientName: () => inner.getClientName(),
    makeRequest: async (...args: Parameters<HttpClient['makeRequest']>): Promise<HttpResponse> => {
      const response = await inner.makeRequest(...args);
      const toJSON = response.toJSON.bind(response);
      response.toJSON = () => toJSON().catch((error: unknown) => {
        if (error instanceof SyntaxError) {
          const body = (error as { rawBody?: unknown }).rawBody;
          const type = response.getHeaders()['content-type'];
          const info: BodyInfo = {
            httpStatus: response.getStatusCode(),
            contentType: Array.isArray(type) ? type[0] : type,
            bytes: typeof body === 'string' ? Buffer.byteLength(body) : 0,
            html: typeof body === 'string' && body.trimStart().startsWith('<'),
          };
          Object.assign(error, info);
        }
        throw error;
      });
      return response;
    },
  };
}
