package io.hpcorchestrator.logs.store;

/**
 * Whose lines a read covers: one service's, every service of one owner's, or, with both null, everyone's.
 *
 * @param serviceId one service, or null
 * @param owner     the services of this user, or null; ignored when {@code serviceId} is given
 */
public record LineScope(String serviceId, String owner) {

    public static final LineScope EVERYONE = new LineScope(null, null);

    public static LineScope of(String serviceId) {
        return new LineScope(serviceId, null);
    }

    public static LineScope ownedBy(String owner) {
        return new LineScope(null, owner);
    }
}
