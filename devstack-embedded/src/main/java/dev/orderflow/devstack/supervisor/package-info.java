/**
 * Running processes and keeping them running, with no knowledge of what they are: a {@link
 * dev.orderflow.devstack.supervisor.SupervisedProcess} starts a command with its output appended to
 * a log file and its pid in a pid file, restarts it with a {@link
 * dev.orderflow.devstack.supervisor.RestartBackoff} when it dies, and stops it with SIGTERM, then
 * SIGKILL. A {@link dev.orderflow.devstack.supervisor.ProcessTag} on the command line is how a
 * later run recognises a process left over by a run that was killed hard, so it never stops an
 * unrelated process that happens to have been given the same pid.
 */
@NullMarked
package dev.orderflow.devstack.supervisor;

import org.jspecify.annotations.NullMarked;
