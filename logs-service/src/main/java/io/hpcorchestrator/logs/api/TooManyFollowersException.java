package io.hpcorchestrator.logs.api;

/** Every live stream slot is taken; answered 503 so clients retry later. */
class TooManyFollowersException extends RuntimeException {

    TooManyFollowersException(int max) {
        super("all " + max + " live streams are open; try again later");
    }
}
