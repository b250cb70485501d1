/**
 * The admin API every service shares under {@code /api/admin}: faults to switch on and off, dead
 * letters to inspect and send back. HTTP Basic with the admin from {@code ADMIN_USER} / {@code
 * ADMIN_PASSWORD}; 401 without.
 */
@NullMarked
package dev.orderflow.platform.admin;

import org.jspecify.annotations.NullMarked;
