#!/bin/sh
# labnet-agent.sh — the labnet agent for OpenWrt, in POSIX sh for busybox ash. It uses only what
# OpenWrt ships: wget (with --header: busybox wget or wget-ssl), tar, sha256sum, sed, awk.
#
#   labnet-agent.sh enroll <labnet URL> <enrollment token>
#   labnet-agent.sh run [--once]        (as a service: /etc/init.d/labnet-agent)
#   labnet-agent.sh status              applied revision and sha256, last poll, last error, spool
#
# Same protocol and safe-apply semantics as the Node agent: verify every file's sha256, back up
# what will be replaced, write each file atomically, reload, health check, and on failure restore
# and report "rolled_back". A journal makes an apply killed half-way roll back at the next start.
# Reports and observations are spooled on flash and re-sent until labnet acknowledges them; what
# labnet refuses (4xx) is parked, and no entry blocks the ones after it.
#
# Environment: LABNET_STATE_DIR (default /etc/labnet), LABNET_ROOT (apply under a directory;
# reload commands are then skipped unless LABNET_RUN_RELOAD=1), LABNET_HEALTH_CHECK (a command
# that must succeed after the reload), LABNET_HEALTH_TIMEOUT (s, default 30), LABNET_LEASE_FILE
# (default /tmp/dhcp.leases), LABNET_OBSERVE_EVERY (s, default 300), LABNET_WGET (default wget),
# LABNET_PROBE_EVERY (s between path-MTU probes, default 900, 0 = never), LABNET_PROBE_TARGETS
# (space-separated, probed before the tinc hosts' Addresses), LABNET_MAX_PROBE_TARGETS (default 8).

VERSION=0.1.0
STATE=${LABNET_STATE_DIR:-/etc/labnet}
ROOT=${LABNET_ROOT:-}
if [ -n "$ROOT" ]; then RUN_RELOAD=${LABNET_RUN_RELOAD:-0}; else RUN_RELOAD=${LABNET_RUN_RELOAD:-1}; fi
HEALTH_CHECK=${LABNET_HEALTH_CHECK:-}
HEALTH_TIMEOUT=${LABNET_HEALTH_TIMEOUT:-30}
LEASE_FILE=${LABNET_LEASE_FILE:-/tmp/dhcp.leases}
OBSERVE_EVERY=${LABNET_OBSERVE_EVERY:-300}
WGET=${LABNET_WGET:-wget}
PROBE_EVERY=${LABNET_PROBE_EVERY:-900}
PROBE_TARGETS=${LABNET_PROBE_TARGETS:-}
MAX_PROBE_TARGETS=${LABNET_MAX_PROBE_TARGETS:-8}
SPOOL=$STATE/spool
APPLY_LOG=$STATE/apply.log
SERVER=
TOKEN=

log() {
	echo "labnet-agent: $*"
	[ -f "$APPLY_LOG.active" ] && echo "$*" >>"$APPLY_LOG"
	return 0
}

die() {
	echo "labnet-agent: $*" >&2
	exit 1
}

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

new_id() {
	if [ -r /proc/sys/kernel/random/uuid ]; then cat /proc/sys/kernel/random/uuid; else echo "$(date +%s)-$$-$RANDOM$RANDOM"; fi
}

# JSON string from stdin (one line): escapes \ and ", drops control characters.
json_string() {
	printf '"%s"' "$(tr -d '\000-\010\013-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr '\n\t' '  ')"
}

# The last 50 lines of stdin as a JSON array of strings.
json_lines() {
	tail -n 50 | tr -d '\000-\010\013-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' |
		awk 'BEGIN { printf "[" } { printf "%s\"%s\"", (NR > 1 ? "," : ""), $0 } END { printf "]" }'
}

json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }

load_credentials() {
	[ -f "$STATE/credentials" ] || die "not enrolled: run labnet-agent.sh enroll <labnet URL> <enrollment token>"
	. "$STATE/credentials"
	SERVER=$LABNET_SERVER
	TOKEN=$LABNET_TOKEN
}

# One value single-quoted for sh: the credentials file is sourced, so nothing in it may expand.
sh_quote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

save_credentials() {
	mkdir -p "$STATE"
	(
		umask 077
		printf 'LABNET_SERVER=%s\nLABNET_TOKEN=%s\nLABNET_AGENT_ID=%s\n' \
			"$(sh_quote "$1")" "$(sh_quote "$2")" "$(sh_quote "$3")" >"$STATE/credentials.tmp"
	)
	mv -f "$STATE/credentials.tmp" "$STATE/credentials"
}

# http GET|POST <path> <output file> [<body file> <content type>]; prints wget's error on failure.
# No -T: busybox 1.35's wget (Debian 12) crashes with it; a stuck request is ended by the
# service's respawn instead.
http() {
	if [ "$1" = POST ]; then
		$WGET -q -O "$3" --header "Authorization: Bearer $TOKEN" --header "Content-Type: $5" \
			--post-file "$4" "$SERVER/api/agent/v1$2" 2>&1
	else
		$WGET -q -O "$3" --header "Authorization: Bearer $TOKEN" "$SERVER/api/agent/v1$2" 2>&1
	fi
}

cmd_enroll() {
	[ $# -eq 2 ] || die "usage: labnet-agent.sh enroll <labnet URL> <enrollment token>"
	server=${1%/}
	case $server in
	http://* | https://*) ;;
	*) die "the labnet URL must start with http:// or https:// (got: $server)" ;;
	esac
	# Enrollment tokens are letters, digits, _ and -; anything else is a paste error, not JSON.
	case $2 in
	'' | *[!A-Za-z0-9_-]*) die "the enrollment token holds unexpected characters: copy it again from the Agents page" ;;
	esac
	hostname=$(cat /proc/sys/kernel/hostname 2>/dev/null || hostname)
	macs=$(cat /sys/class/net/*/address 2>/dev/null | grep -v '^00:00:00:00:00:00$' | sort -u |
		awk 'BEGIN { printf "[" } { printf "%s\"%s\"", (NR > 1 ? "," : ""), $0 } END { printf "]" }')
	mkdir -p "$STATE"
	printf '{"enrollmentToken":"%s","facts":{"hostname":%s,"platform":"openwrt","agentVersion":"%s","macs":%s}}' \
		"$2" "$(printf '%s' "$hostname" | json_string)" "$VERSION" "$macs" >"$STATE/enroll.json"
	if ! error=$($WGET -q -O "$STATE/enrolled.json" --header "Content-Type: application/json" \
		--post-file "$STATE/enroll.json" "$server/api/agent/v1/enroll" 2>&1); then
		rm -f "$STATE/enroll.json"
		die "enrollment refused or labnet unreachable ($error); create a new enrollment token on the Agents page"
	fi
	token=$(json_field agentToken <"$STATE/enrolled.json")
	agent=$(json_field agentId <"$STATE/enrolled.json")
	rm -f "$STATE/enroll.json" "$STATE/enrolled.json"
	[ -n "$token" ] || die "labnet answered without an agent token"
	save_credentials "$server" "$token" "$agent"
	echo "labnet-agent: enrolled as agent $agent; start it with /etc/init.d/labnet-agent enable && /etc/init.d/labnet-agent start"
}

# ── spool ─────────────────────────────────────────────────────────────────────────────────────

# spool <kind: report|observations|leases> <file>: moved into the spool atomically.
spool() {
	mkdir -p "$SPOOL"
	mv -f "$2" "$SPOOL/$(date +%s)-$(new_id).$1"
}

# The HTTP status in wget's error (busybox: "server returned error: HTTP/1.1 400 Bad Request"), or
# nothing when labnet was not reached.
http_status() { echo "$1" | sed -n 's/.*HTTP\/[0-9.]* \([0-9][0-9][0-9]\).*/\1/p' | sed -n 1p; }

# Kept for `status`: the last error with its time (replaced by the next one).
note_error() { printf '%s %s\n' "$(now)" "$*" | tr -d '\r' | sed -n 1p >"$STATE/last-error"; }

# Sends the spool, oldest first. A 4xx (but 401/408/429) is final: the entry is parked in
# $SPOOL/parked, logged once, never resent. A 5xx may be this entry's fault: it waits out its own
# backoff (1 s doubling to 5 min, in $SPOOL/.retry.<entry>) while later entries are still sent.
# labnet unreachable, 401, 408 or 429: every entry would fail alike, so the flush stops.
flush_spool() {
	[ -d "$SPOOL" ] || return 0
	for entry in $(ls "$SPOOL" | sort); do
		file=$SPOOL/$entry
		retry=$SPOOL/.retry.$entry
		case "$entry" in
		*.report) path=/reports type=application/json ;;
		*.observations) path=/observations type=application/json ;;
		*.leases) id=${entry#*-} && path="/observations/leases?batchId=${id%.leases}" type=text/plain ;;
		*) continue ;;
		esac
		failures=0
		if [ -f "$retry" ]; then
			read -r failures next_try <"$retry"
			[ "$(date +%s)" -lt "${next_try:-0}" ] && continue
		fi
		if error=$(http POST "$path" "$STATE/response" "$file" "$type"); then
			rm -f "$file" "$retry"
			continue
		fi
		code=$(http_status "$error")
		note_error "$entry not sent: $error"
		case "$code" in
		401 | 408 | 429 | "")
			log "$entry not sent ($error); $(ls "$SPOOL" | grep -c -v parked) spooled, retried next poll"
			return 1
			;;
		4??)
			mkdir -p "$SPOOL/parked" && mv -f "$file" "$SPOOL/parked/" && rm -f "$retry"
			log "parked $entry in $SPOOL/parked, labnet refused it ($error)"
			;;
		*)
			failures=$((failures + 1)) delay=1 i=1
			while [ $i -lt $failures ] && [ $delay -lt 300 ]; do delay=$((delay * 2)) i=$((i + 1)); done
			[ $delay -gt 300 ] && delay=300
			echo "$failures $(($(date +%s) + delay))" >"$retry"
			log "$entry not accepted ($error); retrying it in $delay s"
			;;
		esac
	done
	return 0
}

# report <revision> <sha256> <status> <started> <error>: the apply log goes along.
report() {
	error_json=null
	[ -n "$5" ] && error_json=$(printf '%s' "$5" | json_string)
	{
		printf '{"reportId":"%s","revision":%s,"sha256":"%s","status":"%s","startedAt":"%s","finishedAt":"%s","error":%s,"log":' \
			"$(new_id)" "$1" "$2" "$3" "$4" "$(now)" "$error_json"
		json_lines <"$APPLY_LOG"
		printf '}'
	} >"$STATE/report.tmp"
	spool report "$STATE/report.tmp"
}

# ── safe apply ────────────────────────────────────────────────────────────────────────────────

run_reloads() {
	[ -f "$1" ] || return 0
	while IFS= read -r command; do
		[ -n "$command" ] || continue
		if [ "$RUN_RELOAD" != 1 ]; then
			log "skipped reload (applying under LABNET_ROOT): $command"
		elif output=$(sh -c "$command" 2>&1); then
			log "ran $command"
		else
			log "\`$command\` failed: $output"
			return 1
		fi
	done <"$1"
}

health_check() {
	deadline=$(($(date +%s) + HEALTH_TIMEOUT))
	until http GET /ping /dev/null >/dev/null; do
		[ "$(date +%s)" -ge "$deadline" ] && echo "labnet unreachable after the reload" && return 1
		sleep 1
	done
	if [ -n "$HEALTH_CHECK" ] && ! output=$(sh -c "$HEALTH_CHECK" 2>&1); then
		echo "\`$HEALTH_CHECK\` failed: $output"
		return 1
	fi
	return 0
}

# Restores what the journal lists, reloads, forgets the journal.
roll_back() {
	while read -r kind name target; do
		if [ "$kind" = B ]; then
			cp -p "$STATE/backup/$name" "$target.labnet-tmp" && mv -f "$target.labnet-tmp" "$target" && log "restored $target"
		elif [ "$kind" = N ]; then
			rm -f "$target" && log "removed $target (it did not exist before)"
		fi
	done <"$STATE/journal"
	run_reloads "$STATE/backup/reload" || log "reload after restoring failed too"
	rm -rf "$STATE/journal" "$STATE/phase" "$STATE/backup"
}

# apply <tar file>: returns 0 applied, 1 failed (nothing written), 2 rolled back.
apply() {
	started=$(now)
	: >"$APPLY_LOG"
	: >"$APPLY_LOG.active"
	work=$STATE/incoming
	rm -rf "$work" && mkdir -p "$work"
	if ! tar -xf "$1" -C "$work" 2>"$STATE/tar.err"; then
		log "the downloaded archive is damaged: $(cat "$STATE/tar.err")"
		note_error "the downloaded archive is damaged"
		return 1
	fi
	revision=$(cat "$work/labnet/revision")
	sha=$(cat "$work/labnet/sha256")
	if ! (cd "$work" && sha256sum -c labnet/SHA256SUMS >/dev/null 2>"$STATE/sum.err"); then
		log "sha256 mismatch in revision $revision: nothing written ($(cat "$STATE/sum.err"))"
		note_error "revision $revision: sha256 mismatch, download corrupted"
		report "$revision" "$sha" failed "$started" "sha256 mismatch: download corrupted"
		return 1
	fi
	if [ -n "$DRY_RUN" ]; then
		awk '{ print $2 }' "$work/labnet/SHA256SUMS" | while read -r file; do
			target=$ROOT/${file#files/}
			cmp -s "$work/$file" "$target" || echo "would write $target"
		done
		sed 's/^/then run: /' "$work/labnet/reload"
		return 0
	fi
	rm -rf "$STATE/backup" && mkdir -p "$STATE/backup"
	cp "$work/labnet/reload" "$STATE/backup/reload"
	: >"$STATE/journal.tmp"
	n=0
	for file in $(awk '{ print $2 }' "$work/labnet/SHA256SUMS"); do
		target=$ROOT/${file#files/}
		if [ -f "$target" ] && cmp -s "$work/$file" "$target" &&
			[ "$(stat -c %a "$work/$file")" = "$(stat -c %a "$target")" ]; then
			continue
		fi
		n=$((n + 1))
		if [ -f "$target" ]; then
			cp -p "$target" "$STATE/backup/$n" && echo "B $n $target" >>"$STATE/journal.tmp"
		else
			echo "N - $target" >>"$STATE/journal.tmp"
		fi
		echo "W $file $target" >>"$STATE/plan"
	done
	if [ "$n" -eq 0 ]; then
		log "revision $revision: files already match"
		rm -f "$APPLY_LOG.active" "$STATE/plan"
		echo "$revision $sha" >"$STATE/applied"
		report "$revision" "$sha" applied "$started" ""
		return 0
	fi
	echo writing >"$STATE/phase"
	mv -f "$STATE/journal.tmp" "$STATE/journal"
	sync
	result=0
	reason=
	while read -r _ file target; do
		mkdir -p "$(dirname "$target")"
		if cp -p "$work/$file" "$target.labnet-tmp" && mv -f "$target.labnet-tmp" "$target"; then
			log "wrote $target"
		else
			result=2 reason="could not write $target"
			break
		fi
	done <"$STATE/plan"
	rm -f "$STATE/plan"
	sync
	if [ "$result" -eq 0 ]; then
		echo reloading >"$STATE/phase"
		run_reloads "$work/labnet/reload" || { result=2 reason="a reload command failed"; }
	fi
	if [ "$result" -eq 0 ]; then
		echo checking >"$STATE/phase"
		if ! problem=$(health_check); then result=2 reason="health check failed: $problem"; fi
	fi
	if [ "$result" -ne 0 ]; then
		log "apply of revision $revision failed ($reason); restoring the previous files"
		note_error "revision $revision rolled back: $reason"
		roll_back
		report "$revision" "$sha" rolled_back "$started" "$reason"
		echo "$revision $sha $(date +%s)" >"$STATE/failed"
		rm -f "$APPLY_LOG.active"
		return 2
	fi
	rm -rf "$STATE/journal" "$STATE/phase" "$STATE/backup"
	echo "$revision $sha" >"$STATE/applied"
	log "revision $revision applied ($n files)"
	report "$revision" "$sha" applied "$started" ""
	rm -f "$APPLY_LOG.active"
	upload_tinc_keys "$work"
	return 0
}

# An apply interrupted by a crash or power loss: restore, and report it.
recover() {
	[ -f "$STATE/journal" ] || return 0
	started=$(now)
	phase=$(cat "$STATE/phase" 2>/dev/null || echo writing)
	revision=$(cat "$STATE/incoming/labnet/revision" 2>/dev/null || echo 0)
	sha=$(cat "$STATE/incoming/labnet/sha256" 2>/dev/null || echo 0)
	: >"$APPLY_LOG"
	: >"$APPLY_LOG.active"
	log "revision $revision was interrupted while $phase: restoring the previous files"
	roll_back
	[ "$revision" != 0 ] && report "$revision" "$sha" rolled_back "$started" \
		"interrupted while $phase; the previous files were restored at the next start"
	rm -f "$APPLY_LOG.active"
}

# The router's tinc key pair is made here; only the public key is sent.
upload_tinc_keys() {
	for conf in "$1"/files/etc/tinc/*/tinc.conf; do
		[ -f "$conf" ] || continue
		net=$(basename "$(dirname "$conf")")
		name=$(sed -n 's/^[[:space:]]*Name[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/p' "$conf")
		dir=$ROOT/etc/tinc/$net
		if [ ! -f "$dir/rsa_key.priv" ]; then
			if command -v tincd >/dev/null && tincd -c "$dir" -K2048 </dev/null >/dev/null 2>&1; then
				log "generated the tinc key pair for $name (the private key stays on this router)"
			else
				log "could not generate a tinc key for $name: install tinc or run tincd -n $net -K"
				continue
			fi
		fi
		sed -n '/BEGIN RSA PUBLIC KEY/,/END RSA PUBLIC KEY/p' "$dir/hosts/$name" >"$STATE/tinc.pub"
		if [ -s "$STATE/tinc.pub" ] && ! cmp -s "$STATE/tinc.pub" "$STATE/tinc.pub.$net.sent"; then
			if error=$(http POST /tinc-key "$STATE/response" "$STATE/tinc.pub" text/plain); then
				mv -f "$STATE/tinc.pub" "$STATE/tinc.pub.$net.sent"
				log "uploaded the public tinc key of $name"
			else
				log "could not upload the tinc public key ($error); retried after the next apply"
			fi
		fi
	done
}

# One DF-set ping of a $2-byte packet (payload + 28) to $1: "passed", "too-big <mtu>", "lost" or
# "unknown-host" (the name does not resolve: no size will pass).
ping_df() {
	out=$(ping -M do -c 1 -W 1 -s $(($2 - 28)) "$1" 2>&1)
	case "$out" in
	*"bytes from"*) echo passed ;;
	*"not known"* | *"unknown host"* | *"failure in name resolution"*) echo unknown-host ;;
	*"message too long"* | *"Frag needed"*) echo "too-big $(echo "$out" | sed -n 's/.*mtu *= *\([0-9][0-9]*\).*/\1/p' | tail -n 1)" ;;
	*) echo lost ;;
	esac
}

# The Node agent's search (apps/agent/src/pmtu.ts): start at 9000, jump to a refusal's MTU, bisect
# where packets vanish, at most 12 pings; prints the largest packet that crossed, or null.
path_mtu() {
	passed=575 failed=9001 next=9000 probes=0 any=0
	while [ $((failed - passed)) -gt 1 ] && [ $probes -lt 12 ]; do
		[ $any = 0 ] && [ $probes = 11 ] && next=576
		outcome=$(ping_df "$1" $next)
		probes=$((probes + 1))
		[ "$outcome" = unknown-host ] && break
		if [ "$outcome" = passed ]; then
			passed=$next any=1
		else
			failed=$next
			hint=${outcome#too-big }
			if [ "$hint" != "$outcome" ] && [ -n "$hint" ] && [ "$hint" -gt $passed ] && [ "$hint" -lt $failed ]; then
				next=$hint
				continue
			fi
		fi
		next=$(((passed + failed + 1) / 2))
	done
	if [ $any = 1 ]; then echo $passed; else echo null; fi
}

# Targets: LABNET_PROBE_TARGETS, then every other site's Address in the tinc hosts files.
probe_targets() {
	{
		for target in $PROBE_TARGETS; do echo "$target"; done
		for conf in "$ROOT"/etc/tinc/*/tinc.conf; do
			[ -f "$conf" ] || continue
			self=$(sed -n 's/^[[:space:]]*Name[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/p' "$conf")
			for host in "$(dirname "$conf")"/hosts/*; do
				[ -f "$host" ] && [ "$(basename "$host")" != "$self" ] || continue
				sed -n 's/^[[:space:]]*Address[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/p' "$host"
			done
		done
	} | awk -v max="$MAX_PROBE_TARGETS" 'NF && !seen[$1]++ && count++ < max'
}

# Path-MTU probes as JSON array elements, or nothing: busybox ping cannot set DF (no -M), so
# probes need the iputils-ping package; without it that is logged once.
probes_json() {
	[ "$PROBE_EVERY" -gt 0 ] || return 0
	last=$(cat "$STATE/probed" 2>/dev/null || echo 0)
	[ $(($(date +%s) - last)) -ge "$PROBE_EVERY" ] || return 0
	if ! ping -V 2>&1 | grep -q iputils; then
		[ -f "$STATE/probes-unavailable" ] ||
			log "path-MTU probes unavailable: busybox ping cannot set DF; install iputils-ping" >&2
		touch "$STATE/probes-unavailable"
		return 0
	fi
	date +%s >"$STATE/probed"
	first=1
	for target in $(probe_targets); do
		[ $first = 1 ] || printf ','
		first=0
		printf '{"target":"%s","pathMtu":%s,"method":"ping-df","measuredAt":"%s"}' "$target" "$(path_mtu "$target")" "$(now)"
	done
}

# Logged once (a marker in $STATE), not every observation round.
log_once() {
	[ -f "$STATE/once.$1" ] || log "$2" >&2
	touch "$STATE/once.$1"
}

# tinc node lines (1.1 `dump nodes`, or 1.0's SIGUSR2 log dump) → JSON peers; reachable = status
# bit 0x10; our own node ("at MYSELF") is skipped, an unreachable peer's pmtu is not reported.
tinc_nodes_json() {
	awk -v net="$1" '
		function hex(d) { return index("0123456789abcdef", tolower(d)) - 1 }
		{
			host = ""; port = ""; status = ""; pmtu = ""
			for (i = 2; i < NF; i++) {
				if ($i == "at") { host = $(i + 1); port = $(i + 3) }
				if ($i == "status") status = $(i + 1)
				if ($i == "pmtu") pmtu = $(i + 1)
			}
			if (host == "" || host == "MYSELF" || status == "" || pmtu == "") next
			reachable = hex(substr(status, length(status) - 1, 1)) % 2 == 1
			address = host == "unknown" ? "null" : "\"" host " port " port "\""
			printf "%s{\"netname\":\"%s\",\"name\":\"%s\",\"address\":%s,\"pmtu\":%s,\"reachable\":%s}", \
				(n++ ? "," : ""), net, $1, address, (reachable ? pmtu : "null"), (reachable ? "true" : "false")
		}'
}

# Peers of every tinc network here: tinc 1.1 answers `tinc dump nodes`; tinc 1.0 writes its node
# list to its log on SIGUSR2, readable only when tincd runs with --logfile.
tinc_peers_json() {
	all=
	for conf in "$ROOT"/etc/tinc/*/tinc.conf; do
		[ -f "$conf" ] || continue
		net=$(basename "$(dirname "$conf")")
		if command -v tinc >/dev/null && nodes=$(tinc -n "$net" dump nodes 2>/dev/null); then
			:
		else
			pid=$(cat "$ROOT/var/run/tinc.$net.pid" 2>/dev/null)
			if [ -z "$pid" ] || ! kill -USR2 "$pid" 2>/dev/null; then
				log_once "tinc-$net-down" "tinc peers of $net unavailable: tincd is not running (no /var/run/tinc.$net.pid)"
				continue
			fi
			logfile=$ROOT/var/log/tinc.$net.log
			sleep 1
			if [ ! -f "$logfile" ]; then
				log_once "tinc-$net-nolog" "tinc peers of $net unavailable: tinc 1.0 without --logfile (start tincd with --logfile)"
				continue
			fi
			nodes=$(tail -n 2000 "$logfile" | awk '
				/: Nodes:$/ { block = ""; inside = 1; next }
				/: End of nodes\.$/ { last = block; inside = 0; next }
				inside { sub(/^.*tinc\[[0-9]+\]: */, ""); block = block $0 "\n" }
				END { printf "%s", last }')
		fi
		peers=$(echo "$nodes" | tinc_nodes_json "$net")
		[ -z "$peers" ] || all=${all:+$all,}$peers
	done
	echo "$all"
}

observe() {
	last=$(cat "$STATE/observed" 2>/dev/null || echo 0)
	[ $(($(date +%s) - last)) -ge "$OBSERVE_EVERY" ] || return 0
	{
		printf '{"batchId":"%s","observedAt":"%s","interfaces":[' "$(new_id)" "$(now)"
		first=1
		for dev in /sys/class/net/*; do
			name=$(basename "$dev")
			[ "$name" = lo ] && continue
			[ $first = 1 ] || printf ','
			first=0
			printf '{"name":"%s","mac":"%s","mtu":%s}' "$name" "$(cat "$dev/address")" "$(cat "$dev/mtu")"
		done
		peers=$(tinc_peers_json)
		[ -z "$peers" ] || printf '],"tincPeers":[%s' "$peers"
		probes=$(probes_json)
		[ -z "$probes" ] || printf '],"pmtuProbes":[%s' "$probes"
		printf ']}'
	} >"$STATE/observations.tmp"
	spool observations "$STATE/observations.tmp"
	if [ -f "$ROOT$LEASE_FILE" ]; then
		cp "$ROOT$LEASE_FILE" "$STATE/leases.tmp" && spool leases "$STATE/leases.tmp"
	fi
	date +%s >"$STATE/observed"
}

# The sha sent as "known": the applied revision's, or for 10 minutes a failed one's.
known_sha() {
	if [ -f "$STATE/failed" ]; then
		read -r _ failed_sha failed_at <"$STATE/failed"
		[ $(($(date +%s) - failed_at)) -lt 600 ] && echo "$failed_sha" && return
	fi
	[ -f "$STATE/applied" ] && read -r _ applied_sha <"$STATE/applied" && echo "$applied_sha"
}

POLL_AFTER=30

cycle() {
	flush_spool
	if ! error=$(http GET /config/state.txt "$STATE/state"); then
		log "poll failed: $error"
		note_error "poll failed: $error"
		return 1
	fi
	now >"$STATE/last-poll"
	read -r sha _ POLL_AFTER rotate <"$STATE/state"
	if [ "$rotate" = 1 ] && http POST /token/rotate "$STATE/rotated" /dev/null application/json >/dev/null; then
		token=$(json_field agentToken <"$STATE/rotated")
		rm -f "$STATE/rotated"
		if [ -n "$token" ]; then
			. "$STATE/credentials"
			save_credentials "$SERVER" "$token" "$LABNET_AGENT_ID"
			TOKEN=$token
			log "rotated the agent token as labnet asked"
		fi
	fi
	status=0
	if [ "$sha" != - ] && [ "$sha" != "$(known_sha)" ]; then
		if error=$(http GET /config.tar "$STATE/config.tar"); then
			apply "$STATE/config.tar"
			status=$?
		else
			log "download failed: $error"
			note_error "download failed: $error"
			status=1
		fi
		rm -f "$STATE/config.tar"
	fi
	[ -z "$DRY_RUN" ] && observe
	[ -z "$DRY_RUN" ] && flush_spool
	return $status
}

cmd_run() {
	ONCE=
	DRY_RUN=
	for arg in "$@"; do
		case "$arg" in
		--once) ONCE=1 ;;
		--dry-run) DRY_RUN=1 ONCE=1 ;;
		*) die "unknown option $arg" ;;
		esac
	done
	load_credentials
	mkdir -p "$STATE"
	recover
	# procd stops the service with SIGTERM: end the sleep too, at once.
	trap '[ -n "${SLEEPING:-}" ] && kill "$SLEEPING" 2>/dev/null; exit 0' TERM INT
	while :; do
		cycle
		status=$?
		[ -n "$ONCE" ] && return $status
		# In the background, so that a signal is handled during the wait, not after it.
		sleep "${POLL_AFTER:-30}" &
		SLEEPING=$!
		wait "$SLEEPING"
		SLEEPING=
	done
}

case "${1:-}" in
enroll) shift && cmd_enroll "$@" ;;
run) shift && cmd_run "$@" ;;
status)
	applied_revision=nothing applied_sha=-
	[ -f "$STATE/applied" ] && read -r applied_revision applied_sha <"$STATE/applied"
	echo "applied revision: $applied_revision"
	echo "applied sha256: $applied_sha"
	echo "last poll: $(cat "$STATE/last-poll" 2>/dev/null || echo never)"
	echo "last error: $(cat "$STATE/last-error" 2>/dev/null || echo none)"
	echo "pending reports: $(ls "$SPOOL" 2>/dev/null | grep -c -v parked)"
	echo "parked reports: $(ls "$SPOOL/parked" 2>/dev/null | grep -c .)"
	;;
*) die "usage: labnet-agent.sh enroll <labnet URL> <enrollment token> | run [--once] [--dry-run] | status" ;;
esac
