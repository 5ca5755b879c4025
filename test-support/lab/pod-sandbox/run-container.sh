#!/usr/bin/env bash
# A STAND-IN for a container runtime (containerd + runc in a cluster), for tests on a machine without one: starts
# one container of a pod from an image's root filesystem (from `buildah mount`), the way a runtime does what a pod
# spec asks for. It runs as root and uses only util-linux and iproute2:
#   - the pod's network namespace (`ip netns exec`), and new mount, UTS, IPC and PID namespaces, so the process is
#     PID 1 of its container as in a pod (signals from outside reach it only through its own handlers);
#   - /proc, a /dev with the usual devices, /dev/shm, a read-only /sys, the given bind mounts (volumes, /etc/hosts,
#     /etc/resolv.conf, /etc/hostname), then, with --read-only, the root remounted read-only (readOnlyRootFilesystem);
#   - the hostname, exactly the given environment, no_new_privs (allowPrivilegeEscalation: false), and the uid, gid,
#     root and working directory set by nsenter before the program is executed (found on the container's PATH).
# Differences from a real runtime are listed in docs/testing.md.
# Usage: run-container.sh --rootfs DIR --netns NAME --hostname NAME --uid UID --gid GID --workdir DIR
#          [--read-only] [--mount SOURCE:TARGET:rw|ro]... --env-file FILE -- PROGRAM [ARG...]
#        (FILE: NAME=VALUE entries separated by NUL bytes)
set -euo pipefail

if [ "${1:-}" != --inner ]; then
  netns=
  for ((i = 1; i <= $#; i++)); do
    if [ "${!i}" = --netns ]; then j=$((i + 1)); netns=${!j}; fi
    [ "${!i}" != -- ] || break
  done
  [ -n "$netns" ] || { echo "run-container: --netns is required" >&2; exit 2; }
  # Killed with its parent (the test), the container goes too (--kill-child): no pod outlives the test process.
  exec setpriv --pdeathsig KILL -- ip netns exec "$netns" \
    unshare --mount --uts --ipc --pid --fork --kill-child --propagation private "$0" --inner "$@"
fi
shift

rootfs= hostname= uid= gid= workdir= read_only=false env_file=
mounts=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --rootfs) rootfs=$2; shift 2 ;;
    --netns) shift 2 ;;
    --hostname) hostname=$2; shift 2 ;;
    --uid) uid=$2; shift 2 ;;
    --gid) gid=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --read-only) read_only=true; shift ;;
    --mount) mounts+=("$2"); shift 2 ;;
    --env-file) env_file=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "run-container: unknown option $1" >&2; exit 2 ;;
  esac
done
for required in rootfs hostname uid gid workdir env_file; do
  [ -n "${!required}" ] || { echo "run-container: --${required/_/-} is required" >&2; exit 2; }
done
[ "$#" -gt 0 ] || { echo "run-container: no program given after --" >&2; exit 2; }
mapfile -d '' environment <"$env_file"

root=$(mktemp -d /tmp/tracing-lab-container-root.XXXXXX)
mount --bind "$rootfs" "$root"
# Mount points a runtime creates in the container's own (writable) layer before it makes the root read-only.
for spec in "${mounts[@]}"; do
  IFS=: read -r source target mode <<<"$spec"
  if [ -d "$source" ]; then mkdir -p "$root$target"; else mkdir -p "$(dirname "$root$target")"; [ -e "$root$target" ] || : >"$root$target"; fi
done
mkdir -p "$root/proc" "$root/dev" "$root/sys" "$root$workdir"

mount -t proc -o nosuid,noexec,nodev proc "$root/proc"
mount -t tmpfs -o nosuid,strictatime,mode=755,size=65536k tmpfs "$root/dev"
for device in null zero full random urandom tty; do
  : >"$root/dev/$device"
  mount --bind "/dev/$device" "$root/dev/$device"
done
mkdir "$root/dev/shm" "$root/dev/pts" "$root/dev/mqueue"
mount -t tmpfs -o nosuid,nodev,noexec,mode=1777,size=65536k shm "$root/dev/shm"
mount -t devpts -o nosuid,noexec,newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts"
mount -t mqueue -o nosuid,nodev,noexec mqueue "$root/dev/mqueue"
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"
ln -s pts/ptmx "$root/dev/ptmx"
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
for spec in "${mounts[@]}"; do
  IFS=: read -r source target mode <<<"$spec"
  mount --bind "$source" "$root$target"
  [ "$mode" = rw ] || mount -o remount,bind,ro "$root$target"
done
if [ "$read_only" = true ]; then
  mount -o remount,bind,ro "$root"
fi
hostname "$hostname"

exec /usr/bin/env -i "${environment[@]}" /usr/bin/setpriv --no-new-privs -- \
  /usr/bin/nsenter --root="$root" --wd="$root$workdir" --setuid "$uid" --setgid "$gid" -- "$@"
