package io.nfslifecycle.claimwatcher.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of claims, sorted by namespace and name (the paging convention of every list endpoint). */
@Schema(name = "ClaimPage")
public record ClaimPage(
        @Schema(description = "the claims on this page") List<ClaimView> items,
        @Schema(description = "this page's number, from 0") int page,
        @Schema(description = "the page size asked for") int size,
        @Schema(description = "how many claims match the filters, on all pages") long total) {
}
