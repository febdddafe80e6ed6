package io.nfslifecycle.exportmanager.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of archives, oldest first. */
@Schema(name = "ArchivePage")
public record ArchivePage(
        @Schema(description = "the archives on this page") List<ArchiveView> items,
        @Schema(description = "this page's number, from 0") int page,
        @Schema(description = "the page size asked for") int size,
        @Schema(description = "how many archives match the filters, on all pages") long total,
        @Schema(description = "the bytes of the matching archives that are measured, on all pages") long bytes) {
}
