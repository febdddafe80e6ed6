package io.nfslifecycle.exportmanager.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.nfslifecycle.events.ExportRecord;

/** One page of exports, ordered by namespace, claim name and claim uid. */
@Schema(name = "ExportPage")
public record ExportPage(
        @Schema(description = "the exports on this page") List<ExportRecord> items,
        @Schema(description = "this page's number, from 0") int page,
        @Schema(description = "the page size asked for") int size,
        @Schema(description = "how many exports match the filters, on all pages") long total) {
}
