package io.smbhunt.job.analytics;

import java.io.Serializable;
import java.util.List;

/**
 * What an analytic is called and how bad its hits are: the columns every row of it carries.
 *
 * @param id stable id: names the output table, the config keys and the {@code analytic_id} column
 */
public record AnalyticInfo(String id, String title, List<String> attackTechniques, String severity)
    implements Serializable {}
