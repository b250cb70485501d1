/**
 * Generations of the read models. Each projection ({@code order}: order views, customer histories,
 * sales; {@code stock}: stock views) keeps its collections with a generation suffix ({@code
 * order_views_g3}), and one control document per projection says which generation is live and
 * which, if any, is being rebuilt. Queries and the live listener use the live generation; a rebuild
 * writes the next one and switches the control document in one conditional write when it has caught
 * up (see {@code rebuild} and ADR 8).
 */
@NullMarked
package dev.orderflow.projection.generation;

import org.jspecify.annotations.NullMarked;
