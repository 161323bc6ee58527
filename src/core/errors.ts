/**
 * Typed errors with a stable `code`, shared by servers and the client.
 *
 * Every error a caller can see is a `StrataError`; its code maps one-to-one to a
 * gRPC status on the control plane and to an HTTP status on the data plane, so a
 * client can tell "not found" from "try another replica" without parsing text.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';

export const ErrorCode = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  FAILED_PRECONDITION: 'FAILED_PRECONDITION',
  RESOURCE_EXHAUSTED: 'RESOURCE_EXHAUSTED',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UNAVAILABLE: 'UNAVAILABLE',
  DATA_LOSS: 'DATA_LOSS',
  /** This nameserver is not the active one: try the other (carried as gRPC ABORTED). */
  NOT_ACTIVE: 'NOT_ACTIVE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class StrataError extends Error {
  override readonly name = 'StrataError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** How a CreateComplete for a reservation the active does not hold is refused (and recognised). */
const RESERVATION_UNKNOWN = 'reservation unknown';
export const reservationUnknown = (message: string): StrataError =>
  new StrataError(ErrorCode.FAILED_PRECONDITION, `${RESERVATION_UNKNOWN}: ${message}`);
export function isReservationUnknown(err: unknown): boolean {
  return (
    err instanceof StrataError &&
    err.code === ErrorCode.FAILED_PRECONDITION &&
    err.message.includes(RESERVATION_UNKNOWN)
  );
}

export const invalidArgument = (message: string): StrataError =>
  new StrataError(ErrorCode.INVALID_ARGUMENT, message);
export const notFound = (message: string): StrataError =>
  new StrataError(ErrorCode.NOT_FOUND, message);
export const alreadyExists = (message: string): StrataError =>
  new StrataError(ErrorCode.ALREADY_EXISTS, message);
export const failedPrecondition = (message: string): StrataError =>
  new StrataError(ErrorCode.FAILED_PRECONDITION, message);
export const resourceExhausted = (message: string): StrataError =>
  new StrataError(ErrorCode.RESOURCE_EXHAUSTED, message);
export const unavailable = (message: string): StrataError =>
  new StrataError(ErrorCode.UNAVAILABLE, message);
export const notActive = (message: string): StrataError =>
  new StrataError(ErrorCode.NOT_ACTIVE, message);
export const dataLoss = (message: string): StrataError =>
  new StrataError(ErrorCode.DATA_LOSS, message);

const toGrpc: Record<ErrorCode, GrpcStatus> = {
  INVALID_ARGUMENT: GrpcStatus.INVALID_ARGUMENT,
  NOT_FOUND: GrpcStatus.NOT_FOUND,
  ALREADY_EXISTS: GrpcStatus.ALREADY_EXISTS,
  FAILED_PRECONDITION: GrpcStatus.FAILED_PRECONDITION,
  RESOURCE_EXHAUSTED: GrpcStatus.RESOURCE_EXHAUSTED,
  PERMISSION_DENIED: GrpcStatus.PERMISSION_DENIED,
  UNAUTHENTICATED: GrpcStatus.UNAUTHENTICATED,
  UNAVAILABLE: GrpcStatus.UNAVAILABLE,
  DATA_LOSS: GrpcStatus.DATA_LOSS,
  NOT_ACTIVE: GrpcStatus.ABORTED,
  INTERNAL: GrpcStatus.INTERNAL,
};

export function grpcStatusOf(code: ErrorCode): GrpcStatus {
  return toGrpc[code];
}

export function errorCodeOfGrpc(status: number): ErrorCode {
  for (const [code, grpc] of Object.entries(toGrpc)) {
    if (grpc === status) return code as ErrorCode;
  }
  if (status === GrpcStatus.DEADLINE_EXCEEDED || status === GrpcStatus.CANCELLED) {
    return ErrorCode.UNAVAILABLE;
  }
  return ErrorCode.INTERNAL;
}

const toHttp: Record<ErrorCode, number> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  FAILED_PRECONDITION: 412,
  RESOURCE_EXHAUSTED: 507,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  UNAVAILABLE: 503,
  DATA_LOSS: 422,
  NOT_ACTIVE: 421,
  INTERNAL: 500,
};

const ERROR_CODES = new Set<string>(Object.values(ErrorCode));

/** Whether `code` is one this build knows (a newer server may send others). */
export function isErrorCode(code: string): code is ErrorCode {
  return ERROR_CODES.has(code);
}

export function httpStatusOf(code: ErrorCode): number {
  return toHttp[code];
}

export function errorCodeOfHttp(status: number): ErrorCode {
  for (const [code, http] of Object.entries(toHttp)) {
    if (http === status) return code as ErrorCode;
  }
  return ErrorCode.INTERNAL;
}

/** Wraps anything thrown into a StrataError, keeping the code of one that already is. */
export function asStrataError(err: unknown): StrataError {
  if (err instanceof StrataError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StrataError(ErrorCode.INTERNAL, message);
}
