package io.smbhunt.udf.flow;

import java.util.Locale;
import java.util.Map;

/**
 * Names for DCE/RPC interface UUIDs, so Suricata records (which log only the UUID) carry the same
 * {@link FlowRecord#rpcEndpoint} as Zeek's dce_rpc log for the same call.
 *
 * <p>The names are Zeek's, from {@code DCE_RPC::uuid_endpoint_map} in {@code
 * base/protocols/dce-rpc/consts.zeek}; only the interfaces seen in SMB lateral movement and its
 * background noise are listed. Any other UUID is kept as {@code unknown-<uuid>}, which is also how
 * Zeek writes an interface it does not know.
 */
final class RpcInterfaces {

  private static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("367abb81-9844-35f1-ad32-98f038001003", "svcctl"),
          Map.entry("86d35949-83c9-4044-b424-db363231fd0c", "ITaskSchedulerService"),
          Map.entry("378e52b0-c0a9-11cf-822d-00aa0051e40f", "sasec"),
          Map.entry("1ff70682-0a51-30e8-076d-740be8cee98b", "atsvc"),
          Map.entry("338cd001-2244-31f1-aaaa-900038001003", "winreg"),
          Map.entry("12345778-1234-abcd-ef00-0123456789ab", "lsarpc"),
          Map.entry("12345778-1234-abcd-ef00-0123456789ac", "samr"),
          Map.entry("4b324fc8-1670-01d3-1278-5a47bf6ee188", "srvsvc"),
          Map.entry("6bffd098-a112-3610-9833-46c3f87e345a", "wkssvc"),
          Map.entry("12345678-1234-abcd-ef00-01234567cffb", "netlogon"),
          Map.entry("e3514235-4b06-11d1-ab04-00c04fc2dcd2", "drsuapi"),
          Map.entry("12345678-1234-abcd-ef00-0123456789ab", "spoolss"),
          Map.entry("76f03f96-cdfd-44fc-a22c-64950a001209", "IRemoteWinspool"),
          Map.entry("e1af8308-5d1f-11c9-91a4-08002b14a0fa", "epmapper"),
          Map.entry("82273fdc-e32a-18c3-3f78-827929dc23ea", "eventlog"),
          Map.entry("4fc742e0-4a10-11cf-8273-00aa004ae673", "netdfs"),
          Map.entry("6bffd098-a112-3610-9833-012892020162", "browser"),
          Map.entry("000001a0-0000-0000-c000-000000000046", "IRemoteSCMActivator"),
          Map.entry("99fcfec4-5260-101b-bbcb-00aa0021347a", "IObjectExporter"),
          Map.entry("3dde7c30-165d-11d1-ab8f-00805f14db40", "BackupKey"));

  private RpcInterfaces() {}

  /** Zeek's name for the interface, or {@code unknown-<uuid>}; {@code null} for {@code null}. */
  static String name(String uuid) {
    if (uuid == null) {
      return null;
    }
    String lower = uuid.trim().toLowerCase(Locale.ROOT);
    String name = NAMES.get(lower);
    return name != null ? name : "unknown-" + lower;
  }
}
