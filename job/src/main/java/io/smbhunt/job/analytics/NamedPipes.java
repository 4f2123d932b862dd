package io.smbhunt.job.analytics;

import io.smbhunt.udf.flow.PipeNames;
import java.io.Serializable;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How much a named pipe says about an attacker, from the lists in {@code conf/smbhunt.yaml} ({@code
 * named_pipes}). Names are compared normalised: lower-case, without the {@code \pipe\} prefix; list
 * entries may use {@code *} as a wildcard ({@code RemCom_*}, {@code *-stdin}).
 */
public final class NamedPipes implements Serializable {

  /** Where a pipe stands; the order is the order of precedence. */
  public enum Standing {
    /** Used by tools that move laterally (PsExec, at, remote registry …): high severity. */
    WATCHED("high"),
    /** Not in any list: worth a look, medium severity. */
    OTHER("medium"),
    /** Common on any Windows network (the Sigma baseline): low severity. */
    KNOWN("low"),
    /** Benign noise (CAR's examples): suppressed unless asked for, then informational. */
    ALLOWLISTED("info");

    public final String severity;

    Standing(String severity) {
      this.severity = severity;
    }
  }

  private final List<Pattern> watched;
  private final List<Pattern> known;
  private final List<Pattern> allowlisted;

  public NamedPipes(List<String> watched, List<String> known, List<String> allowlisted) {
    this.watched = compile(watched);
    this.known = compile(known);
    this.allowlisted = compile(allowlisted);
  }

  /** The standing of a pipe name (raw or normalised); watched wins over every other list. */
  public Standing standing(String pipe) {
    String name = normalise(pipe);
    if (matches(watched, name)) {
      return Standing.WATCHED;
    }
    if (matches(allowlisted, name)) {
      return Standing.ALLOWLISTED;
    }
    return matches(known, name) ? Standing.KNOWN : Standing.OTHER;
  }

  /**
   * {@code \PIPE\atsvc}, {@code \atsvc}, {@code pipe\atsvc}, {@code ATSVC} → {@code atsvc}: the
   * decoders' rule ({@link PipeNames#normalize}), so host events and flows compare alike.
   */
  public static String normalise(String pipe) {
    String name = PipeNames.normalize(pipe);
    return name == null ? "" : name;
  }

  private static boolean matches(List<Pattern> patterns, String name) {
    for (Pattern p : patterns) {
      if (p.matcher(name).matches()) {
        return true;
      }
    }
    return false;
  }

  private static List<Pattern> compile(List<String> globs) {
    return globs.stream()
        .map(g -> normalise(g))
        .map(g -> Pattern.compile(Pattern.quote(g).replace("*", "\\E.*\\Q")))
        .toList();
  }
}
