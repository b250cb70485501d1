@NullMarked
package dev.orderflow.devstack.smtp;

import org.jspecify.annotations.NullMarked;
