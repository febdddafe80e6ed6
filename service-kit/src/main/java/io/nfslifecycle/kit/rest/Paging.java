package io.nfslifecycle.kit.rest;

import java.util.List;

/**
 * The one paging convention of every list endpoint: {@code page} from 0, {@code size} from 1 to 500 (default 50),
 * the answer an object with {@code items}, {@code page}, {@code size} and {@code total} (matches on all pages).
 * The patterns are the query parameters' {@code @Pattern}s: {@link ParameterPatterns} answers a bad value with a 400
 * problem before any code.
 */
public final class Paging {
    public static final String DEFAULT_PAGE = "0";
    public static final String DEFAULT_SIZE = "50";
    public static final String PAGE = "[0-9]{1,9}";
    public static final String PAGE_MESSAGE = "page must be a whole number from 0";
    public static final String SIZE = "[1-9][0-9]?|[1-4][0-9]{2}|500";
    public static final String SIZE_MESSAGE = "size must be a whole number from 1 to 500";
    /** A Kubernetes namespace name (RFC 1123 label), for path parameters. */
    public static final String NAMESPACE = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    public static final String NAMESPACE_MESSAGE = "namespace must be a Kubernetes namespace name (lower-case"
            + " letters, digits and '-', at most 63)";

    private Paging() {
    }

    /** The items of {@code page} (validated text) from all {@code matching} ones, in their order. */
    public static <T> List<T> slice(List<T> matching, String page, String size) {
        long from = (long) Integer.parseInt(page) * Integer.parseInt(size);
        return matching.stream().skip(from).limit(Integer.parseInt(size)).toList();
    }
}
