package io.smbhunt.job.cli;

import io.smbhunt.job.analytics.Profile;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;

/**
 * What the command line asked for.
 *
 * @param profile {@code null} when not given: the config file decides
 * @param config {@code null} when not given: the built-in defaults
 */
public record RunOptions(
    List<String> inputs,
    String output,
    Profile profile,
    int parallelism,
    RuntimeExecutionMode mode,
    String config,
    boolean overwrite) {}
