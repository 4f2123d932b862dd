package io.smbhunt.job;

import io.smbhunt.job.analytics.AnalyticInfo;
import io.smbhunt.job.analytics.Car2013_05_003;
import io.smbhunt.job.analytics.Car2014_03_001;
import io.smbhunt.job.analytics.CountDetections;
import io.smbhunt.job.analytics.Detection;
import io.smbhunt.job.analytics.EachOf;
import io.smbhunt.job.analytics.OwnEvidence;
import io.smbhunt.job.analytics.Profile;
import io.smbhunt.job.analytics.SmbNamedPipeHost;
import io.smbhunt.job.analytics.SmbRemoteFile1;
import io.smbhunt.job.analytics.SmbRemoteFile2;
import io.smbhunt.job.analytics.SmbRemoteFile3;
import io.smbhunt.job.analytics.SmbRemoteFile4;
import io.smbhunt.job.analytics.SmbRemoteFile5;
import io.smbhunt.job.analytics.join.CrossProductJoin;
import io.smbhunt.job.analytics.join.JoinInputSerializer;
import io.smbhunt.job.analytics.join.JoinSpec;
import io.smbhunt.job.analytics.join.PlaybookJoins;
import io.smbhunt.job.analytics.join.WindowedJoin;
import io.smbhunt.job.config.SmbHuntConfig;
import io.smbhunt.job.decode.DecodePackets;
import io.smbhunt.job.decode.DecodeRecords;
import io.smbhunt.job.decode.HostEventSerializer;
import io.smbhunt.job.decode.QuarantineRecord;
import io.smbhunt.job.decode.SmbConnections;
import io.smbhunt.job.decode.SuricataFlows;
import io.smbhunt.job.read.CapturedPacket;
import io.smbhunt.job.read.ContextFiles;
import io.smbhunt.job.read.RawLine;
import io.smbhunt.job.read.RawLineTypeInfo;
import io.smbhunt.job.write.OneFilePerFolder;
import io.smbhunt.udf.event.HostEvent;
import io.smbhunt.udf.flow.FlowRecord;
import io.smbhunt.udf.flow.SuricataFlow;
import io.smbhunt.udf.pcap.TcpSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

/**
 * The smbhunt dataflow: read → decode → analytics (key and join) → write. Built from the sources
 * and sinks it is given, so tests run exactly this pipeline with collecting sinks.
 */
public final class SmbHuntPipeline {

  public static final TypeInformation<RawLine> RAW_LINE_TYPE = RawLineTypeInfo.INSTANCE;
  public static final TypeInformation<HostEvent> HOST_EVENT_TYPE = HostEventSerializer.TYPE;
  public static final TypeInformation<FlowRecord> FLOW_TYPE = DecodeRecords.FLOW_TYPE;

  /** Where the pipeline's results go. */
  public record Sinks(Sink<Detection> detections, Sink<QuarantineRecord> quarantine) {}

  private SmbHuntPipeline() {}

  /** Every analytic this pipeline runs, in output order. */
  public static List<AnalyticInfo> analytics() {
    return List.of(
        SmbRemoteFile1.INFO,
        SmbRemoteFile2.INFO,
        SmbRemoteFile3.INFO,
        SmbRemoteFile4.INFO,
        SmbRemoteFile5.INFO,
        Car2013_05_003.INFO,
        Car2014_03_001.INFO,
        SmbNamedPipeHost.INFO);
  }

  /** The pipeline over line archives only (no packet captures). */
  public static void build(
      StreamExecutionEnvironment env,
      Source<RawLine, ?, ?> archives,
      SmbHuntConfig config,
      Profile profile,
      Sinks sinks) {
    build(env, archives, null, config, profile, sinks);
  }

  /**
   * @param captures packet captures, decoded to SMB flow records beside the sensors' logs; may be
   *     {@code null}
   */
  public static void build(
      StreamExecutionEnvironment env,
      Source<RawLine, ?, ?> archives,
      Source<CapturedPacket, ?, ?> captures,
      SmbHuntConfig config,
      Profile profile,
      Sinks sinks) {
    build(env, archives, captures, ContextFiles.NONE, config, profile, sinks);
  }

  /**
   * @param context the files of the sources that are read only as context (a nightly run's previous
   *     day): their lines are counted apart and not quarantined, and the rows made of them alone
   *     are dropped
   */
  public static void build(
      StreamExecutionEnvironment env,
      Source<RawLine, ?, ?> archives,
      Source<CapturedPacket, ?, ?> captures,
      ContextFiles context,
      SmbHuntConfig config,
      Profile profile,
      Sinks sinks) {
    DataStream<RawLine> lines =
        env.fromSource(archives, WatermarkStrategy.noWatermarks(), "read archives", RAW_LINE_TYPE)
            .uid("read-archives");

    SingleOutputStreamOperator<HostEvent> decoded =
        lines
            .process(new DecodeRecords(config.quarantineRawBytes, context), HOST_EVENT_TYPE)
            .name("decode records")
            .uid("decode-records");
    decoded
        .getSideOutput(DecodeRecords.QUARANTINE)
        .sinkTo(sinks.quarantine())
        .name("write quarantine")
        .uid("write-quarantine");

    DataStream<HostEvent> events =
        decoded
            .assignTimestampsAndWatermarks(
                SmbHuntPipeline.<HostEvent>eventTime(archives, config)
                    .withTimestampAssigner((e, previous) -> e.timestamp))
            .name("event time")
            .uid("event-time");

    // The per-event analytics (I, III and the host pipe analytic) as one operator.
    DataStream<Detection> hostEventRows =
        events
            .flatMap(
                new EachOf<HostEvent>(
                    List.of(
                        new SmbRemoteFile1(),
                        new SmbRemoteFile3(profile),
                        new SmbNamedPipeHost(config.namedPipes(), config.includeAllowlisted))),
                Detection.TYPE)
            .name("smb_remote_file_1, smb_remote_file_3, smb_named_pipe_host")
            .uid("per-event-analytics");
    List<JoinSpec> joinSpecs =
        List.of(
            new SmbRemoteFile2(profile), new SmbRemoteFile4(profile), new SmbRemoteFile5(profile));
    DataStream<Detection> chains =
        joins(
            events,
            profile,
            context,
            joinSpecs,
            List.of(
                config.sessionWindow.toMillis(),
                config.sessionWindow.toMillis(),
                config.fileWindow.toMillis()));

    // The CAR analytics look at one flow record at a time: no event time or keys needed, but
    // Suricata's records are first keyed by flow, as one learns its share from another. Each
    // stream has its own CAR operator, chained to what feeds it.
    DataStream<FlowRecord> flows = decoded.getSideOutput(DecodeRecords.FLOWS);
    if (captures != null) {
      flows = flows.union(captureFlows(env, captures, context, config, sinks));
    }
    DataStream<Detection> flowRows =
        carAnalytics(flows, config, "")
            .union(carAnalytics(suricataFlows(decoded, archives, config), config, "suricata"));

    List<String> ids = analytics().stream().map(AnalyticInfo::id).toList();
    DataStream<Detection> rows = OneFilePerFolder.partition(hostEventRows.union(chains, flowRows));
    if (!context.isEmpty()) {
      // After the shuffle, so it is chained to the count (a filter on the union would be a task of
      // its own); only with context, so other runs' graphs are as before.
      rows =
          rows.filter(
                  new OwnEvidence(
                      context,
                      profile == Profile.SEED
                          ? Set.of()
                          : joinSpecs.stream()
                              .map(JoinSpec::analyticId)
                              .collect(Collectors.toSet())))
              .name("drop context-only rows")
              .uid("drop-context-only-rows");
    }
    rows.map(new CountDetections(ids), Detection.TYPE)
        .name("count detections")
        .uid("count-detections")
        .sinkTo(sinks.detections())
        .name("write detections")
        .uid("write-detections");
  }

  /**
   * How event time moves on (STREAMING mode; BATCH ignores watermarks). Time comes from the events,
   * not from the file order. Over a bounded input it is held back until every file has been read: a
   * task reads its files one after another, in no particular order, so a watermark taken from the
   * files read so far would make the rest of an earlier day late, and the rows would depend on the
   * order files were read in (SPEC §3). The joins then decide at the end of the input, as in BATCH
   * mode, with the keyed state holding every used event until then. Only a watched folder, which
   * never ends, moves event time on as it reads: up to the configured out-of-orderness behind the
   * newest event, and past a task that has sent nothing for the configured idleness.
   */
  private static <T> WatermarkStrategy<T> eventTime(Source<?, ?, ?> source, SmbHuntConfig config) {
    if (source.getBoundedness() == Boundedness.BOUNDED) {
      return WatermarkStrategy.noWatermarks();
    }
    return WatermarkStrategy.<T>forBoundedOutOfOrderness(config.maxOutOfOrderness)
        .withIdleness(config.sourceIdleness);
  }

  /**
   * The multi-stage analytics: each one's events keyed by its join key, joined with keyed state —
   * the notebook's unbounded cross product (seed) or the windowed, one-row-per-trigger join
   * (default) — all in one keyed operator (one BATCH stage instead of one per analytic).
   */
  private static DataStream<Detection> joins(
      DataStream<HostEvent> events,
      Profile profile,
      ContextFiles context,
      List<JoinSpec> specs,
      List<Long> windows) {
    List<KeyedProcessFunction<Long, HostEvent, Detection>> joins = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      joins.add(
          profile == Profile.SEED
              ? new CrossProductJoin(specs.get(i))
              : new WindowedJoin(specs.get(i), windows.get(i), context));
    }
    String ids = specs.stream().map(JoinSpec::analyticId).collect(Collectors.joining(", "));
    return events
        .flatMap(PlaybookJoins.routing(specs), JoinInputSerializer.TYPE)
        .name("route " + ids)
        .uid("route-playbook-joins")
        .keyBy(in -> in.key, Types.LONG)
        .process(new PlaybookJoins(joins), Detection.TYPE)
        .name(ids)
        .uid("playbook-joins");
  }

  private static DataStream<Detection> carAnalytics(
      DataStream<FlowRecord> flows, SmbHuntConfig config, String feed) {
    String suffix = feed.isEmpty() ? "" : " (" + feed + ")";
    return flows
        .flatMap(
            new EachOf<FlowRecord>(
                List.of(
                    new Car2013_05_003(),
                    new Car2014_03_001(config.namedPipes(), config.includeAllowlisted))),
            Detection.TYPE)
        .name("car_2013_05_003, car_2014_03_001" + suffix)
        .uid(feed.isEmpty() ? "car-analytics" : "car-analytics-" + feed);
  }

  /** Suricata's records completed by the other records of their flow, keyed by flow. */
  private static DataStream<FlowRecord> suricataFlows(
      SingleOutputStreamOperator<HostEvent> decoded,
      Source<RawLine, ?, ?> archives,
      SmbHuntConfig config) {
    return decoded
        .getSideOutput(DecodeRecords.SURICATA_FLOWS)
        .assignTimestampsAndWatermarks(
            SmbHuntPipeline.<FlowRecord>eventTime(archives, config)
                .withTimestampAssigner((f, previous) -> f.timestamp))
        .name("suricata time")
        .uid("suricata-time")
        .keyBy(SuricataFlow::key, Types.STRING)
        .process(
            new SuricataFlows(
                config.connectionIdle.toMillis(), config.suricataFlowMemory.toMillis()),
            FLOW_TYPE)
        .name("suricata flows")
        .uid("suricata-flows");
  }

  /**
   * Packet captures to SMB flow records: packets to TCP segments, then per connection (keyed) in
   * capture order through reassembly and SMB2 decoding.
   */
  private static DataStream<FlowRecord> captureFlows(
      StreamExecutionEnvironment env,
      Source<CapturedPacket, ?, ?> captures,
      ContextFiles context,
      SmbHuntConfig config,
      Sinks sinks) {
    SingleOutputStreamOperator<TcpSegment> segments =
        env.fromSource(
                captures,
                WatermarkStrategy.noWatermarks(),
                "read captures",
                TypeInformation.of(CapturedPacket.class))
            .uid("read-captures")
            .process(new DecodePackets(context), DecodePackets.SEGMENT_TYPE)
            .name("decode packets")
            .uid("decode-packets");
    segments
        .getSideOutput(DecodeRecords.QUARANTINE)
        .sinkTo(sinks.quarantine())
        .name("write capture quarantine")
        .uid("write-capture-quarantine");
    return segments
        .assignTimestampsAndWatermarks(
            SmbHuntPipeline.<TcpSegment>eventTime(captures, config)
                .withTimestampAssigner((s, previous) -> s.timestampMicros / 1000))
        .name("packet time")
        .uid("packet-time")
        .keyBy(s -> s.connectionKey, Types.STRING)
        .process(new SmbConnections(config.connectionIdle.toMillis()), FLOW_TYPE)
        .name("smb connections")
        .uid("smb-connections");
  }
}
