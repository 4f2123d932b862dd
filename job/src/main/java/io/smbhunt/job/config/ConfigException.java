package io.smbhunt.job.config;

/** A bad setting; the message is one line that names the setting and what it accepts. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
