package io.nfslifecycle.localstack;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * fabric8's CRUD dispatcher, plus what kubectl reads before it touches an object: the version and the discovery
 * documents (which groups, versions and resources exist, their short names, whether they are namespaced). With
 * them {@code kubectl get pvc}, {@code describe}, {@code apply}, {@code delete}, {@code get pv}, {@code get events}
 * and {@code get sc} work against the in-memory API. The OpenAPI documents only say that the server validates
 * fields itself, so kubectl sends what it applies unchecked (this API checks nothing). One object is found by its
 * name ({@link NamedObjects}), not by looking at every object stored.
 */
final class DiscoveringDispatcher extends KubernetesCrudDispatcher {
    private final NamedObjects objects = new NamedObjects();
    private final Map<AttributeSet, String> store = java.util.Collections.synchronizedMap(objects);
    private final java.util.concurrent.locks.ReadWriteLock lock;

    DiscoveringDispatcher() {
        try {
            java.lang.reflect.Field map = io.fabric8.mockwebserver.crud.CrudDispatcher.class.getDeclaredField("map");
            map.setAccessible(true);
            map.set(this, store);
            java.lang.reflect.Field locks = KubernetesCrudDispatcher.class.getDeclaredField("lock");
            locks.setAccessible(true);
            lock = (java.util.concurrent.locks.ReadWriteLock) locks.get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot index the in-memory API's objects: " + e, e);
        }
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
        if (NamedObjects.name(attributes).isEmpty()) {
            return super.findResource(attributes);
        }
        synchronized (store) {
            List<Map.Entry<AttributeSet, String>> found = objects.named(attributes);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    /** One object by its name, as the mock answers it, without looking at the others. */
    @Override
    public MockResponse handleGet(String path) {
        AttributeSet query = getKey(path);
        if (path.contains("watch=true") || NamedObjects.name(query).isEmpty()) {
            return super.handleGet(path);
        }
        lock.readLock().lock();
        try {
            Map.Entry<AttributeSet, String> found = findResource(query);
            return found == null ? new MockResponse().setResponseCode(404)
                    : new MockResponse().setResponseCode(200).setBody(found.getValue());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** One object deleted by its name, as the mock does (a finalizer only marks it), without looking at the others. */
    @Override
    public MockResponse handleDelete(String path) {
        AttributeSet query = getKey(path);
        if (NamedObjects.name(query).isEmpty()) {
            return super.handleDelete(path);
        }
        lock.writeLock().lock();
        try {
            Map.Entry<AttributeSet, String> found = findResource(query);
            if (found == null) {
                return new MockResponse().setResponseCode(404);
            }
            var resource = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(found.getValue(),
                    io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
            if (resource.getFinalizers().isEmpty()) {
                processEvent(path, query, found.getKey(), null, null);
            } else if (!resource.isMarkedForDeletion()) {
                resource.getMetadata().setDeletionTimestamp(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC)
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                resource.getMetadata().setResourceVersion(String.valueOf(requestResourceVersion()));
                processEvent(path, query, found.getKey(), resource,
                        io.fabric8.kubernetes.client.utils.Serialization.asJson(resource));
            }
            return new MockResponse().setResponseCode(200).setBody(found.getValue());
        } finally {
            lock.writeLock().unlock();
        }
    }
    /** name, singular, kind, short names, namespaced */
    private record Resource(String name, String singular, String kind, List<String> shortNames, boolean namespaced) {
        String json() {
            String verbs = "[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]";
            return "{\"name\":\"" + name + "\",\"singularName\":\"" + singular + "\",\"namespaced\":" + namespaced
                    + ",\"kind\":\"" + kind + "\",\"verbs\":" + verbs + ",\"shortNames\":["
                    + shortNames.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(",")) + "]}";
        }
    }

    private static final Map<String, List<Resource>> GROUPS = Map.of(
            "v1", List.of(
                    new Resource("namespaces", "namespace", "Namespace", List.of("ns"), false),
                    new Resource("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim",
                            List.of("pvc"), true),
                    new Resource("persistentvolumes", "persistentvolume", "PersistentVolume", List.of("pv"), false),
                    new Resource("events", "event", "Event", List.of("ev"), true),
                    new Resource("pods", "pod", "Pod", List.of("po"), true),
                    new Resource("nodes", "node", "Node", List.of("no"), false)),
            "storage.k8s.io/v1", List.of(
                    new Resource("storageclasses", "storageclass", "StorageClass", List.of("sc"), false)),
            "coordination.k8s.io/v1", List.of(
                    new Resource("leases", "lease", "Lease", List.of(), true)));

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath() == null ? "" : request.getPath().replaceFirst("\\?.*$", "");
        if ("GET".equals(request.getMethod())) {
            String body = discovery(path);
            if (body != null) {
                return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json")
                        .setBody(body);
            }
            String query = String.valueOf(request.getPath()).contains("?")
                    ? request.getPath().substring(request.getPath().indexOf('?') + 1) : "";
            boolean watch = query.contains("watch=true") || query.contains("watch=1");
            if (path.endsWith("/events") && query.contains("fieldSelector=") && !watch
                    && !query.contains("%21%3D") && !query.contains("!=")) {
                // kubectl describe asks for the events of one object by a field selector the mock does not apply
                return Tables.selected(handleGet(path), query).addHeader("Content-Type", "application/json");
            }
            String accept = header(request, "Accept");
            if (accept != null && accept.contains("as=Table") && !watch) {
                MockResponse plain = super.dispatch(request);
                return Tables.of(path, plain).map(table -> new MockResponse().setResponseCode(200)
                        .addHeader("Content-Type", "application/json;as=Table;v=v1;g=meta.k8s.io").setBody(table))
                        .orElse(plain);
            }
            if (accept != null && accept.contains("protobuf")) {
                // this API speaks JSON only: say so, or kubectl reads the answer as protobuf
                return super.dispatch(request).addHeader("Content-Type", "application/json");
            }
        }
        return super.dispatch(request);
    }

    private static String header(RecordedRequest request, String name) {
        String value = request.getHeader(name);
        return value != null ? value : request.getHeader(name.toLowerCase(java.util.Locale.ROOT));
    }

    private static String discovery(String path) {
        return switch (path) {
            case "/version" -> "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-nfs-lifecycle-in-memory\","
                    + "\"platform\":\"linux/amd64\"}";
            case "/api" -> "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}";
            case "/apis" -> "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":["
                    + GROUPS.keySet().stream().filter(g -> g.contains("/")).sorted().map(DiscoveringDispatcher::group)
                            .collect(Collectors.joining(",")) + "]}";
            case "/api/v1" -> resources("v1");
            case "/openapi/v3" -> "{\"paths\":{" + GROUPS.keySet().stream().sorted()
                    .map(g -> "\"" + prefix(g) + "\":{\"serverRelativeURL\":\"/openapi/v3/" + prefix(g) + "\"}")
                    .collect(Collectors.joining(",")) + "}}";
            default -> path.startsWith("/openapi/v3/") ? openApi(path.substring("/openapi/v3/".length()))
                    : path.startsWith("/apis/") ? resources(path.substring("/apis/".length())) : null;
        };
    }

    private static String prefix(String groupVersion) {
        return groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
    }

    /**
     * Just enough OpenAPI v3 for kubectl to see that the server validates fields itself ({@code fieldValidation} on
     * each kind's PATCH): then {@code kubectl apply} needs no schema of its own.
     */
    private static String openApi(String prefix) {
        String groupVersion = prefix.replaceFirst("^apis?/", "");
        List<Resource> resources = GROUPS.get(groupVersion);
        if (resources == null) {
            return null;
        }
        String group = groupVersion.contains("/") ? groupVersion.substring(0, groupVersion.indexOf('/')) : "";
        String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
        return "{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"Kubernetes\",\"version\":\"v1.32.0\"},\"paths\":{"
                + resources.stream().map(r -> "\"/" + prefix + (r.namespaced() ? "/namespaces/{namespace}/" : "/")
                        + r.name() + "/{name}\":{\"patch\":{\"x-kubernetes-group-version-kind\":{\"group\":\"" + group
                        + "\",\"version\":\"" + version + "\",\"kind\":\"" + r.kind() + "\"},\"parameters\":[{\"name\":"
                        + "\"fieldValidation\",\"in\":\"query\",\"schema\":{\"type\":\"string\"}}],\"responses\":{}}}")
                        .collect(Collectors.joining(",")) + "}}";
    }

    private static String group(String groupVersion) {
        String name = groupVersion.substring(0, groupVersion.indexOf('/'));
        String version = "{\"groupVersion\":\"" + groupVersion + "\",\"version\":\""
                + groupVersion.substring(groupVersion.indexOf('/') + 1) + "\"}";
        return "{\"name\":\"" + name + "\",\"versions\":[" + version + "],\"preferredVersion\":" + version + "}";
    }

    private static String resources(String groupVersion) {
        List<Resource> resources = GROUPS.get(groupVersion);
        if (resources == null) {
            return null;
        }
        return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + groupVersion
                + "\",\"resources\":[" + resources.stream().map(Resource::json).collect(Collectors.joining(",")) + "]}";
    }
}
