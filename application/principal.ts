/**
 * Who is calling: the authenticated subject and the roles it holds. Adapters build it from a verified token;
 * use cases receive it, so authorization decisions stay testable without HTTP or JWT.
 */
declare const actorIdBrand: unique symbol;

/** The authenticated subject (a token's `sub`), recorded as the actor of every event it causes. */
export type ActorId = string & { readonly [actorIdBrand]: 'ActorId' };

/** Every role the service knows; any other role name in a token is ignored. */
export const roles = ['advisor', 'client', 'compliance'] as const;
export type Role = (typeof roles)[number];

export interface Principal {
  readonly sub: ActorId;
  readonly roles: ReadonlySet<Role>;
}

/** Longest subject we accept: it is stored in every event's metadata. */
export const maxActorIdLength = 256;

/** Brands a subject as an actor id when it is non-empty, not too long and free of control characters. */
export const actorIdFrom = (value: unknown): ActorId | undefined =>
  typeof value === 'string' && value.length > 0 && value.length <= maxActorIdLength && !/\p{Cc}/u.test(value)
    ? (value as ActorId)
    : undefined;

/** True when the value names a known role. */
export const isRole = (value: unknown): value is Role => (roles as ReadonlyArray<unknown>).includes(value);

/** True when the principal holds the role. */
export const hasRole = (principal: Principal, role: Role): boolean => principal.roles.has(role);

/** True when the principal holds at least one of the roles. */
export const hasAnyRole = (principal: Principal, wanted: Iterable<Role>): boolean => {
  for (const role of wanted) if (principal.roles.has(role)) return true;
  return false;
};

/** True when the principal is the subject named, e.g. a client reading a profile whose `client_id` is theirs. */
export const isSubject = (principal: Principal, actor: string): boolean => principal.sub === actor;
