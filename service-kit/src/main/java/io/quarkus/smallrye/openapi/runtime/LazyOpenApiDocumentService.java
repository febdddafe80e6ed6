package io.quarkus.smallrye.openapi.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.jboss.logging.Logger;

import io.quarkus.arc.Unremovable;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.smallrye.openapi.runtime.filter.AutoSecurityFilter;
import io.smallrye.openapi.runtime.io.Format;

/**
 * The OpenAPI document, prepared when it is first asked for instead of at start. Quarkus 3.32 parses the document
 * its build made, runs its filters and writes it as JSON and YAML while the service starts: ~520 classes (Jackson,
 * SnakeYAML, the OpenAPI model), ~5 MiB and a tenth of a storage service's start. The first request to
 * {@code /q/openapi} pays that once instead (~0.15 s). The same document: the preparation is Quarkus' own, deferred.
 *
 * <p>In Quarkus' package because the step it defers is package-private there; it overrides it only where both
 * classes share one class loader, as in the packaged service (one loader for the application and its libraries).
 * Tests and dev mode load the application apart from Quarkus' extensions, so the bean is only in the packaged
 * service (the prod build profile), where {@code LifecycleIT} checks the document and that it is made on demand.
 */
@Alternative
@Priority(1)
@ApplicationScoped
@Unremovable
@IfBuildProfile("prod")
public class LazyOpenApiDocumentService extends OpenApiDocumentService {

    private static final Logger LOG = Logger.getLogger(LazyOpenApiDocumentService.class);

    private final List<Runnable> pending = new ArrayList<>();
    private volatile boolean prepared;
    private RuntimeException failure;

    @Override
    synchronized void prepareDocument(AutoSecurityFilter autoSecurityFilter,
            Map<OpenApiFilter.RunStage, List<String>> filters, String documentName) {
        pending.add(() -> super.prepareDocument(autoSecurityFilter, filters, documentName));
        prepared = false;
    }

    @Override
    public byte[] getDocument(String documentName, Format format) {
        if (!prepared) {
            prepare();
        }
        return super.getDocument(documentName, format);
    }

    /** Once: a preparation that fails is logged and not tried again; every request then says so at once. */
    private synchronized void prepare() {
        if (prepared) {
            return;
        }
        if (failure == null) {
            try {
                pending.forEach(Runnable::run);
            } catch (RuntimeException e) {
                failure = e;
                LOG.error("the OpenAPI document could not be made; /q/openapi answers 500 until a restart", e);
            }
            pending.clear();
        }
        if (failure != null) {
            throw new IllegalStateException("the OpenAPI document could not be made (see the service's log)", failure);
        }
        prepared = true;
    }
}
