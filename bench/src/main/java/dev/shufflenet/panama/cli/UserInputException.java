package dev.shufflenet.panama.cli;

/**
 * A problem with something the user gave us (a file's size, contents or format) that no usage text would
 * explain: reported as one line naming the file and the problem, exit code 2, no stack trace.
 */
final class UserInputException extends RuntimeException {
    UserInputException(String message) {
        super(message);
    }

    UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
