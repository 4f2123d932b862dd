package io.smbhunt.udf.pcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds SMB2 messages and TCP conversations carrying them, for synthetic tests. */
final class Smb2Builder {

  static final long SESSION = 0x1c0000000015L;
  static final String CLIENT = "10.0.0.1";
  static final String SERVER = "10.0.0.2";
  static final int CLIENT_PORT = 50000;
  static final String KEY = "10.0.0.1:50000-10.0.0.2:445";

  private Smb2Builder() {}

  static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  static byte[] header(int command, boolean response, long messageId, long treeId, long status) {
    ByteBuffer b = le(64);
    b.put((byte) 0xfe).put((byte) 'S').put((byte) 'M').put((byte) 'B');
    b.putShort((short) 64).putShort((short) 1).putInt((int) status);
    b.putShort((short) command).putShort((short) 1).putInt(response ? 1 : 0).putInt(0);
    b.putLong(messageId).putInt(0).putInt((int) treeId).putLong(SESSION);
    return b.array();
  }

  static byte[] message(byte[] header, byte[] body) {
    byte[] out = new byte[header.length + body.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(body, 0, out, header.length, body.length);
    return out;
  }

  static byte[] utf16(String s) {
    return s.getBytes(StandardCharsets.UTF_16LE);
  }

  static byte[] treeConnectRequest(long messageId, String path) {
    byte[] name = utf16(path);
    ByteBuffer b = le(8 + name.length);
    b.putShort((short) 9).putShort((short) 0).putShort((short) 72).putShort((short) name.length);
    b.put(name);
    return message(header(3, false, messageId, 0, 0), b.array());
  }

  static byte[] treeConnectResponse(long messageId, long treeId, int shareType, long status) {
    ByteBuffer b = le(16);
    b.putShort((short) 16).put((byte) shareType);
    return message(header(3, true, messageId, treeId, status), b.array());
  }

  static byte[] createRequest(long messageId, long treeId, String name) {
    byte[] n = utf16(name);
    ByteBuffer b = le(56 + Math.max(n.length, 1));
    b.putShort((short) 57).put(new byte[42]).putShort((short) 120).putShort((short) n.length);
    b.putInt(0).putInt(0).put(n);
    return message(header(5, false, messageId, treeId, 0), b.array());
  }

  static byte[] createResponse(
      long messageId, long treeId, long persistent, long volatileId, long status) {
    ByteBuffer b = le(88);
    b.putShort((short) 89).put(new byte[62]).putLong(persistent).putLong(volatileId);
    return message(header(5, true, messageId, treeId, status), b.array());
  }

  /** A WRITE of {@code length} bytes; {@code data} bytes of it are actually included. */
  static byte[] writeRequest(
      long messageId, long treeId, long persistent, long volatileId, int length, int data) {
    ByteBuffer b = le(48 + data);
    b.putShort((short) 49).putShort((short) 112).putInt(length).putLong(0);
    b.putLong(persistent).putLong(volatileId).put(new byte[16]);
    for (int i = 0; i < data; i++) {
      b.put((byte) (i * 31));
    }
    return message(header(9, false, messageId, treeId, 0), b.array());
  }

  static byte[] readRequest(long messageId, long treeId, long persistent, long volatileId, int n) {
    ByteBuffer b = le(49);
    b.putShort((short) 49).putShort((short) 0).putInt(n).putLong(0);
    b.putLong(persistent).putLong(volatileId).put(new byte[17]);
    return message(header(8, false, messageId, treeId, 0), b.array());
  }

  static byte[] ioctlRequest(
      long messageId, long treeId, long ctlCode, long persistent, long volatileId, int input) {
    ByteBuffer b = le(56 + input);
    b.putShort((short) 57).putShort((short) 0).putInt((int) ctlCode);
    b.putLong(persistent).putLong(volatileId);
    b.putInt(120).putInt(input).putInt(0).putInt(120).putInt(0).putInt(1024).putInt(1).putInt(0);
    b.put(new byte[input]);
    return message(header(11, false, messageId, treeId, 0), b.array());
  }

  static byte[] closeRequest(long messageId, long treeId, long persistent, long volatileId) {
    ByteBuffer b = le(24);
    b.putShort((short) 24).putShort((short) 0).putInt(0).putLong(persistent).putLong(volatileId);
    return message(header(6, false, messageId, treeId, 0), b.array());
  }

  static byte[] treeDisconnect(long messageId, long treeId) {
    return message(header(4, false, messageId, treeId, 0), new byte[] {4, 0, 0, 0});
  }

  /** Marks a command as related (flag 0x4) and gives it the all-ones session and tree ids. */
  static byte[] related(byte[] command) {
    byte[] out = command.clone();
    out[16] |= 0x4;
    for (int i = 36; i < 48; i++) {
      out[i] = (byte) 0xff;
    }
    return out;
  }

  static byte[] withFlags(byte[] command, int flags, long status) {
    byte[] out = command.clone();
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(16, b.getInt(16) | flags);
    b.putInt(8, (int) status);
    return out;
  }

  /** Chains commands with NextCommand, each padded to 8 bytes. */
  static byte[] compound(byte[]... commands) {
    int total = 0;
    for (int i = 0; i < commands.length; i++) {
      total += i < commands.length - 1 ? (commands[i].length + 7) & ~7 : commands[i].length;
    }
    ByteBuffer b = le(total);
    for (int i = 0; i < commands.length; i++) {
      int at = b.position();
      b.put(commands[i]);
      if (i < commands.length - 1) {
        int padded = (commands[i].length + 7) & ~7;
        b.putInt(at + 20, padded);
        b.position(at + padded);
      }
    }
    return b.array();
  }

  /** The message with its 4-byte NetBIOS session header. */
  static byte[] nbss(byte[] message) {
    ByteBuffer b = ByteBuffer.allocate(4 + message.length);
    b.putInt(message.length).put(message);
    return b.array();
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }

  /** A message as framing would hand it over, client (direction 0) or server (1). */
  static SmbMessage smbMessage(byte[] smb, int direction, long packetIndex) {
    SmbMessage m = new SmbMessage();
    m.connectionKey = KEY;
    m.direction = direction;
    m.srcIp = direction == 0 ? CLIENT : SERVER;
    m.srcPort = direction == 0 ? CLIENT_PORT : 445;
    m.dstIp = direction == 0 ? SERVER : CLIENT;
    m.dstPort = direction == 0 ? 445 : CLIENT_PORT;
    m.clientDirection = 0;
    m.source = "synthetic";
    m.packetIndex = packetIndex;
    m.timestampMicros = 1_600_000_000_000_000L + packetIndex * 1000;
    m.data = smb;
    m.length = smb.length;
    return m;
  }

  /** A TCP conversation between client and server, segment by segment. */
  static final class Conversation {
    final long[] next = {1000, 7_000_000};
    final List<TcpSegment> segments = new ArrayList<>();
    long index;

    Conversation handshake() {
      segments.add(segment(0, next[0] - 1, new byte[0], TcpSegment.SYN));
      segments.add(segment(1, next[1] - 1, new byte[0], TcpSegment.SYN | TcpSegment.ACK));
      segments.add(segment(0, next[0], new byte[0], TcpSegment.ACK));
      return this;
    }

    /** Sends {@code bytes} from {@code dir} in segments of at most {@code mss} bytes. */
    Conversation send(int dir, byte[] bytes, int mss) {
      for (int off = 0; off < bytes.length; off += mss) {
        int n = Math.min(mss, bytes.length - off);
        byte[] payload = new byte[n];
        System.arraycopy(bytes, off, payload, 0, n);
        segments.add(segment(dir, next[dir], payload, TcpSegment.ACK | TcpSegment.PSH));
        next[dir] += n;
      }
      return this;
    }

    Conversation fin(int dir) {
      segments.add(segment(dir, next[dir], new byte[0], TcpSegment.FIN | TcpSegment.ACK));
      return this;
    }

    TcpSegment segment(int dir, long seq, byte[] payload, int flags) {
      TcpSegment s = new TcpSegment();
      s.source = "synthetic";
      s.packetIndex = ++index;
      s.timestampMicros = 1_600_000_000_000_000L + index * 1000;
      s.srcIp = dir == 0 ? CLIENT : SERVER;
      s.srcPort = dir == 0 ? CLIENT_PORT : 445;
      s.dstIp = dir == 0 ? SERVER : CLIENT;
      s.dstPort = dir == 0 ? 445 : CLIENT_PORT;
      s.seq = seq & 0xffffffffL;
      s.flags = flags;
      s.payload = payload;
      s.connectionKey = KEY;
      s.direction = dir;
      return s;
    }
  }
}
