#!/usr/bin/env bash
# Health check of an orderflow service container: healthy when GET /actuator/health answers 200,
# that is when the service and the MongoDB it pings are UP (503 otherwise).
#
# The JRE base image has neither curl nor wget, and a Java probe would start a second JVM inside the
# container's memory limit every few seconds. bash's /dev/tcp speaks enough HTTP/1.0 for one request.
# The port is the one the service listens on: SERVER_PORT, which the image sets.
set -euo pipefail

port="${SERVER_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 5 status_line <&3
[[ "${status_line}" =~ ^HTTP/[0-9.]+\ 200 ]]
