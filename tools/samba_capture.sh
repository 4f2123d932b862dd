#!/usr/bin/env bash
# Records a packet capture of SMB lateral-movement traffic between real SMB clients and a real
# server (Samba's smbd), for the decoder tests: implementations other than Windows', other dialects
# (SMB1, SMB 2.1, SMB3 encrypted), pipe RPC over IOCTL transceives and over WRITE/READ. This is how
# the captures in samples/samba-lab/ were made; the tests only read those files. Needs root (it
# adds two addresses to lo and a source route, and runs smbd and tcpdump) and the Debian 12
# packages: apt-get install samba smbclient tcpdump python3-impacket
# (Debian 12: Samba 4.17, Impacket 0.10). It also runs as is in a Debian sid chroot with /proc,
# /sys and /dev mounted (Samba 4.25.1, Impacket 0.13.1): every state folder is under its own
# scratch folder, none in /run.
#
#   tools/samba_capture.sh OUT.pcap [lab|impacket|impacket-smb1|legacy]
#
# Client 172.18.39.5, server 172.18.39.9 (WORKSTATION9, share C$), user pgustavo. One TCP
# connection per command.
#
# lab (samba_lateral.pcap), Samba's own clients:
#   1. SMB 3.1.1: copy GruntHTTP.exe (11,776 bytes) into C$\ProgramData
#   2. SMB 3.1.1: copy payload.dll (80,000 bytes: one WRITE longer than the 64 KiB the decoder keeps)
#   3. rpcclient: lsarpc, samr, srvsvc (pipe RPC as FSCTL_PIPE_TRANSCEIVE)
#   4. net rpc service list (svcctl), net rpc registry enumerate (winreg)
#   5. SMB1 (NT LM 0.12): copy legacy.bat (NT_CREATE_ANDX, WRITE_ANDX); list the shares (srvsvc
#      over TransactNmPipe)
#   6. SMB 3.1.1 with encryption: copy sealed.txt (nothing readable on the wire)
#
# impacket (impacket_psexec.pcap), the attack tools of Impacket 0.10 (its examples as Debian ships
# them). The server offers SMB 2.1 at most: with SMB 3 Impacket encrypts every message, and the
# capture would show nothing but transform headers. pgustavo is mapped to root, an administrator,
# so that the service manager opens as it would for a domain admin.
#   1. psexec.py: finds the writable share C$, uploads a random-named service .exe (one WRITE),
#      opens svcctl (OpenSCManagerW), CreateServiceW (which Samba does not implement), cleans up
#   2. smbexec.py: svcctl, CreateServiceW refused the same way
#   3. atexec.py: atsvc (no such pipe on Samba: the open fails)
#   4. reg.py query HKLM\SOFTWARE (winreg), services.py list (svcctl)
#   Impacket writes its RPC requests to the pipe with SMB2 WRITE and reads the answers with READ.
#
# impacket-smb1 (impacket_smb1.pcap): the same tools against a server held to SMB1 (NT LM 0.12),
# as against the Windows XP and 2003 hosts of older archives: the upload is NT_CREATE_ANDX and
# WRITE_ANDX, and the RPC goes over the pipe with WRITE_ANDX and READ_ANDX.
#
# legacy (smb1_legacy_signin.pcap): smbclient over SMB1 without SPNEGO and with NTLMv1, as clients
# of the Windows XP era sign in: the account name travels in clear in SESSION_SETUP_ANDX, before
# the server has given the session its UID. The server allows NTLMv1 for this one (ntlm auth).
#   1. SMB1: copy legacy.bat into C$
set -euo pipefail
OUT="$(realpath -m "${1:?usage: tools/samba_capture.sh OUT.pcap [lab|impacket|impacket-smb1|legacy]}")"
SCENARIO="${2:-lab}"
NTLM_AUTH=ntlmv2-only # Samba's default
case "$SCENARIO" in
  lab) MAX_PROTOCOL=SMB3 ;;
  impacket) MAX_PROTOCOL=SMB2_10 ;;
  impacket-smb1) MAX_PROTOCOL=NT1 ;;
  legacy) MAX_PROTOCOL=NT1 NTLM_AUTH=yes ;;
  *) echo "samba_capture.sh: scenario must be lab, impacket, impacket-smb1 or legacy, not '$SCENARIO'" >&2; exit 2 ;;
esac
CLIENT=172.18.39.5
SERVER=172.18.39.9
USER_NAME=pgustavo
PASSWORD='W1nt3r!'
WORK="$(mktemp -d /tmp/smbhunt-samba.XXXXXX)"
chmod 755 "$WORK" # the RPC daemons open the registry as the signed-in user
SMBD_PID=""
DUMP_PID=""

cleanup() {
  [[ -n "$DUMP_PID" ]] && kill "$DUMP_PID" 2>/dev/null || true
  [[ -n "$SMBD_PID" ]] && kill "$SMBD_PID" 2>/dev/null || true
  # smbd starts samba-dcerpcd and its rpcd_* workers on demand; they outlive it.
  pkill -f -- "--configfile=$WORK/smb.conf" 2>/dev/null || true
  forget_addresses
  rm -rf "$WORK"
}

forget_addresses() {
  ip addr del "$SERVER/32" dev lo 2>/dev/null || true
  ip addr del "$CLIENT/32" dev lo 2>/dev/null || true
  while ip route del table local local "$SERVER" 2>/dev/null; do :; done
}
trap cleanup EXIT
forget_addresses # what an interrupted run may have left

mkdir -p "$WORK"/{private,lock,state,cache,pid,ncalrpc,log,share/ProgramData,files}
cat >"$WORK/smb.conf" <<EOF
[global]
  workgroup = THESHIRE
  netbios name = WORKSTATION9
  server role = standalone server
  private dir = $WORK/private
  lock directory = $WORK/lock
  state directory = $WORK/state
  cache directory = $WORK/cache
  pid directory = $WORK/pid
  ncalrpc dir = $WORK/ncalrpc
  log file = $WORK/log/%m.log
  smb ports = 445
  server min protocol = NT1
  server max protocol = $MAX_PROTOCOL
  ntlm auth = $NTLM_AUTH
  username map = $WORK/users.map
  disable spoolss = yes
  load printers = no
[C\$]
  path = $WORK/share
  read only = no
  admin users = $USER_NAME
EOF
id "$USER_NAME" >/dev/null 2>&1 || useradd -M "$USER_NAME"
printf '%s\n%s\n' "$PASSWORD" "$PASSWORD" | smbpasswd -c "$WORK/smb.conf" -s -a "$USER_NAME" >/dev/null
if [[ "$SCENARIO" == impacket* ]]; then
  echo "root = $USER_NAME" >"$WORK/users.map"
  printf '%s\n%s\n' "$PASSWORD" "$PASSWORD" | smbpasswd -c "$WORK/smb.conf" -s -a root >/dev/null
else
  : >"$WORK/users.map"
fi

# Two addresses on lo, and the server's address reached from the client's, so the capture has a
# client and a server like a network would.
ip addr add "$CLIENT/32" dev lo
ip addr add "$SERVER/32" dev lo
ip route replace local "$SERVER" dev lo table local proto kernel scope host src "$CLIENT"

# Deterministic file contents (a PE-like header, then a byte ramp), so a re-run differs only in
# times, ports and the protocol's own random values.
python3 - "$WORK/files" <<'PY'
import sys
d = sys.argv[1]
for name, size in [("GruntHTTP.exe", 11776), ("payload.dll", 80000), ("legacy.bat", 3000),
                   ("sealed.txt", 2000)]:
    body = (b"MZ" + bytes(range(256)) * (size // 256 + 1))[:size]
    open(f"{d}/{name}", "wb").write(body)
PY

smbd -F -s "$WORK/smb.conf" --debug-stdout -d 0 >"$WORK/smbd.out" 2>&1 &
SMBD_PID=$!
tcpdump -i lo -s 0 -U -w "$OUT" "tcp port 445" 2>"$WORK/tcpdump.out" &
DUMP_PID=$!
for _ in $(seq 50); do
  ss -ltn | grep -q ':445 ' && grep -q listening "$WORK/tcpdump.out" && break
  sleep 0.2
done

AUTH=(-U "$USER_NAME%$PASSWORD")
SMB1=(--option='client min protocol=NT1' -m NT1)
quietly() { "$@" >"$WORK/client.out" 2>&1 || { cat "$WORK/client.out" >&2; return 1; }; }
smb() { quietly smbclient "//$SERVER/C\$" "${AUTH[@]}" "$@"; }
lab() {
  smb -m SMB3 -c "cd ProgramData; put $WORK/files/GruntHTTP.exe GruntHTTP.exe"
  smb -m SMB3 -c "put $WORK/files/payload.dll payload.dll"
  quietly rpcclient "${AUTH[@]}" "$SERVER" -c 'lsaquery; enumdomusers; srvinfo; netshareenum'
  quietly net rpc service list -S "$SERVER" "${AUTH[@]}"
  quietly net rpc registry enumerate 'HKLM\Software' -S "$SERVER" "${AUTH[@]}"
  smb "${SMB1[@]}" -c "put $WORK/files/legacy.bat legacy.bat"
  quietly smbclient -L "//$SERVER" "${AUTH[@]}" "${SMB1[@]}"
  smb -m SMB3 --client-protection=encrypt -c "put $WORK/files/sealed.txt sealed.txt"
}

# The tools report the server's refusals (no CreateServiceW, no atsvc) and exit 0 or 1; what
# matters here is the traffic, so their exit codes are not checked.
impacket() {
  local examples=/usr/share/doc/python3-impacket/examples target="$USER_NAME:$PASSWORD@$SERVER"
  # Debian's module is for its own python3, which may not be the first on the PATH.
  local python=/usr/bin/python3
  timeout 60 "$python" "$examples/psexec.py" "$target" whoami >"$WORK/client.out" 2>&1 || true
  timeout 60 "$python" "$examples/smbexec.py" "$target" </dev/null >"$WORK/client.out" 2>&1 || true
  timeout 60 "$python" "$examples/atexec.py" "$target" whoami >"$WORK/client.out" 2>&1 || true
  timeout 60 "$python" "$examples/reg.py" "$target" query -keyName 'HKLM\SOFTWARE' >"$WORK/client.out" 2>&1 || true
  timeout 60 "$python" "$examples/services.py" "$target" list >"$WORK/client.out" 2>&1 || true
}

impacket-smb1() { impacket; }

legacy() {
  smb "${SMB1[@]}" --option='client use spnego=no' --option='client ntlmv2 auth=no' \
    -c "put $WORK/files/legacy.bat legacy.bat"
}

"$SCENARIO"
sleep 1
kill "$DUMP_PID"
wait "$DUMP_PID" 2>/dev/null || true
DUMP_PID=""
echo "wrote $OUT ($(stat -c %s "$OUT") bytes)"
