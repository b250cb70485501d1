/**
 * A rebuild's progress as arithmetic over offsets: how many records there are to replay, how many
 * are done, whether every partition reached its target, and the progress bar of the log.
 */
@NullMarked
package dev.orderflow.projection.rebuild.domain;

import org.jspecify.annotations.NullMarked;
