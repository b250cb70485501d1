/** The services' log lines: Elastic Common Schema JSON, one object per line. */
@NullMarked
package dev.orderflow.platform.logging;

import org.jspecify.annotations.NullMarked;
