import { BodyTooLargeError, bodyLimits, tooLargeResponse, withBodyLimit } from "@labnet/api/edge";
import { runtime } from "~/server/runtime";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return runtime().auth.handler(request);
}

export async function POST(request: Request) {
  try {
    return runtime().auth.handler(await withBodyLimit(request, bodyLimits.auth));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return tooLargeResponse(error);
    throw error;
  }
}
