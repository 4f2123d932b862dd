package io.smbhunt.job.cli;

/** A bad command line; the message is one line naming the flag and what it accepts. */
public class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
