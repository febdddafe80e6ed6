package io.nfslifecycle.quotaauditor.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.nfslifecycle.events.AuditCompleted;
import io.nfslifecycle.events.ExportPhase;
import io.nfslifecycle.events.ExportRecord;
import io.nfslifecycle.kit.quota.QuotaLimits;
import io.nfslifecycle.kit.threads.Daemons;
import io.nfslifecycle.quotaauditor.QuotaAuditorConfig;
import io.nfslifecycle.quotaauditor.exports.ExportDirectories;
import io.nfslifecycle.quotaauditor.exports.ExportView;
import io.nfslifecycle.quotaauditor.findings.AuditReport;
import io.nfslifecycle.quotaauditor.findings.Findings;
import io.nfslifecycle.quotaauditor.findings.Observation;
import io.nfslifecycle.quotaauditor.findings.QuotaFigures;
import io.nfslifecycle.quotaauditor.findings.ObservedDirectory;
import io.nfslifecycle.quotaauditor.findings.Reconciliation;
import io.nfslifecycle.quotaauditor.findings.Thresholds;
import io.nfslifecycle.quotaauditor.findings.VolumeFigures;
import io.nfslifecycle.quotaauditor.kafka.AnnouncedFindings;
import io.nfslifecycle.quotaauditor.kafka.AuditPublisher;
import io.nfslifecycle.quotaauditor.kafka.ExportsFromStart;
import io.nfslifecycle.quotaauditor.metrics.AuditMetrics;
import io.nfslifecycle.quotaauditor.scan.ExportRootScan;
import io.nfslifecycle.quotaauditor.scan.FilesystemVolume;
import io.nfslifecycle.quotaauditor.scan.ProjectUsage;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Runs audits one at a time on a thread of its own: observe (export view, scan, volume), decide (the pure
 * {@link Findings}), then act (publish, metrics, report). A trigger while a run is under way gets that run.
 */
@Singleton
public class AuditRunner {
    private static final Logger LOG = Logger.getLogger(AuditRunner.class);
    static final String STOPPED = "stopped: the service stopped during the run; the next start audits again";
    /** How long a run waits, after its walk, for the export view to hold what the exports topic holds by then. */
    private static final Duration VIEW_CATCH_UP = Duration.ofSeconds(10);

    private final QuotaAuditorConfig config;
    private final ExportView view;
    private final ExportsFromStart exportsRead;
    private final ExportRootScan scan;
    private final FilesystemVolume volumes;
    private final ProjectUsage quotas;
    private final java.util.concurrent.atomic.AtomicLong runCount = new java.util.concurrent.atomic.AtomicLong();
    private final Announcer announcer;
    private final AuditMetrics metrics;
    private final Thresholds thresholds;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(Daemons.named("quota-audit"));
    private volatile boolean stopping;
    private final Map<String, RunStatus> runs;
    private RunStatus running;
    private volatile AuditReport latest;

    /** What a trigger got: the run's id, and whether it started it or joined one under way. */
    public record Ticket(String runId, boolean started) {
    }

    @Inject
    public AuditRunner(QuotaAuditorConfig config, ExportView view, ExportsFromStart exportsRead, ExportRootScan scan,
            FilesystemVolume volumes, ProjectUsage quotas, AuditPublisher publisher, AnnouncedFindings before,
            AuditMetrics metrics) {
        this.exportsRead = exportsRead;
        this.volumes = volumes;
        this.quotas = quotas;
        this.config = config;
        this.view = view;
        this.scan = scan;
        this.announcer = new Announcer(config.serverId(), publisher, before);
        this.metrics = metrics;
        QuotaAuditorConfig.Thresholds t = config.thresholds();
        this.thresholds = new Thresholds(t.nearQuotaShare(), t.volumePressureShare(), t.archiveBacklogBytes(),
                t.significantChange());
        int kept = Math.max(1, config.audit().runsKept());
        this.runs = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RunStatus> eldest) {
                return size() > kept;
            }
        };
    }

    /** Starts a run, or returns the one under way: never two scans at once. */
    public synchronized Ticket trigger(String trigger) {
        if (running != null) {
            return new Ticket(running.id(), false);
        }
        RunStatus run = RunStatus.started(UUID.randomUUID().toString(), trigger, Instant.now());
        running = run;
        runs.put(run.id(), run);
        executor.submit(() -> execute(run));
        return new Ticket(run.id(), true);
    }

    public synchronized Optional<RunStatus> run(String id) {
        return Optional.ofNullable(runs.get(id));
    }

    public synchronized Optional<RunStatus> running() {
        return Optional.ofNullable(running);
    }

    /** The latest finished audit. */
    public Optional<AuditReport> latest() {
        return Optional.ofNullable(latest);
    }

    private synchronized void finish(RunStatus status) {
        runs.put(status.id(), status);
        running = null;
    }

    private void execute(RunStatus run) {
        try {
            finish(audit(run));
        } catch (RuntimeException | Error e) { // when stopping, what the run needed went away with the service
            if (stopping) {
                LOG.infof("audit run %s %s (%s)", run.id(), STOPPED, e.getMessage());
            } else {
                LOG.errorf(e, "audit run %s failed: %s; the next run tries again", run.id(), e.getMessage());
            }
            finish(run.failed(Instant.now(), stopping ? STOPPED : String.valueOf(e.getMessage())));
        }
    }

    /** observe (the export view, the scan, the volume), decide (the pure {@link Findings}), act (announce, report). */
    private RunStatus audit(RunStatus run) {
        long t0 = System.nanoTime();
        List<String> prefixes = prefixes();
        List<ExportRecord> exports = view.exports();
        Set<String> owned = ownedBy(exports, prefixes);
        metrics.progress().reset();
        Measured measured = measure(exports, prefixes, owned);
        ExportRootScan.Result result = measured.result();
        VolumeFigures volume = volumes.read(scan.root());
        Duration scanned = Duration.ofNanos(System.nanoTime() - t0); // the scan alone, not the wait for the view
        // the view read again once it holds every export record published by now: a claim made or let go while the
        // root was walked is not told as an orphan or missing although the view was behind (up to VIEW_CATCH_UP)
        if (!exportsRead.readUpToNow(VIEW_CATCH_UP)) {
            LOG.infof("audit run %s: the exports topic was not read up to now within %s; deciding with the view as it"
                    + " is", run.id(), VIEW_CATCH_UP);
        }
        List<ExportRecord> now = view.exports();
        List<ObservedDirectory> directories = ObservedDirectory.withoutNewlyOwned(measured.directories(),
                ownedBy(now, prefixes));
        exports = letGoMeanwhile(exports, now);
        metrics.scanned(scanned, result.filesScanned());
        Observation observation = new Observation(exports, prefixes, directories, volume, run.startedAt());

        Reconciliation decided = Findings.audit(observation, thresholds, announcer.announced());

        Announcer.Announced announced = announcer.announce(decided, run.id(), run.startedAt());
        Instant finished = Instant.now();
        AuditReport report = AuditReport.of(run.id(), config.serverId(), observation, decided.open(), finished,
                result.filesScanned(), result.directoriesScanned());
        latest = report;
        metrics.report(report);
        if (announced.brokerAnswers()) {
            announcer.completed(completed(run, report, result, directories, volume, decided.open().size()));
        }
        log(run, result, directories, scanned, decided, announced);
        return run.completed(finished, result.filesScanned(), result.directoriesScanned(), decided.open().size(),
                announced.published());
    }

    /**
     * The exports read before the walk, each READY one the view no longer has READY replaced by its newer record: its
     * directory was renamed away or removed while the root was walked (an export manager does that first, then says
     * so), and it is no missing directory.
     */
    private static List<ExportRecord> letGoMeanwhile(List<ExportRecord> before, List<ExportRecord> now) {
        Map<String, ExportRecord> latest = new java.util.HashMap<>();
        now.forEach(e -> latest.put(e.claimUid(), e));
        return before.stream().map(e -> {
            ExportRecord newer = latest.get(e.claimUid());
            return e.phase() == ExportPhase.READY && newer != null && newer.phase() != ExportPhase.READY ? newer : e;
        }).toList();
    }

    /** The directories, relative to the export root, that these exports hold. */
    private static Set<String> ownedBy(List<ExportRecord> exports, List<String> prefixes) {
        return exports.stream().filter(e -> e.phase().holdsSpace())
                .map(e -> ExportDirectories.relativePath(e.path(), prefixes))
                .flatMap(Optional::stream).collect(Collectors.toSet());
    }

    /** What a run measured: the scan, and every directory with its project's figures where they were read. */
    private record Measured(ExportRootScan.Result result, List<ObservedDirectory> directories) {
    }

    /**
     * Reads the project quotas of claims that have one, and walks the rest (all of them on a cross-check run, one in
     * {@code walk-every}, and whenever the quotas cannot be read).
     */
    private Measured measure(List<ExportRecord> exports, List<String> prefixes, Set<String> owned) {
        Map<String, ProjectUsage.Project> projects = new java.util.HashMap<>();
        exports.stream().filter(e -> e.phase() == io.nfslifecycle.events.ExportPhase.READY && e.projectId() > 0)
                .forEach(e -> ExportDirectories.relativePath(e.path(), prefixes).ifPresent(path -> projects.put(path,
                        new ProjectUsage.Project(e.projectId(), QuotaLimits.forRequest(e.requestedBytes())))));
        Map<String, QuotaFigures> figures = projects.isEmpty() ? Map.of() : quotas.read(projects);
        boolean walkAll = figures.isEmpty() || runCount.getAndIncrement() % Math.max(1, config.audit().walkEvery()) == 0;
        Set<String> unwalked = walkAll ? Set.of() : figures.keySet();
        ExportRootScan.Result result = scan.scan(owned, unwalked, metrics.progress());
        List<ObservedDirectory> directories = result.directories().stream().map(d -> {
            QuotaFigures quota = figures.get(d.relativePath());
            return quota == null ? d : new ObservedDirectory(d.relativePath(), d.role(),
                    d.walked() ? d.measurement() : quota.asMeasurement(), d.changedAt(), quota, d.walked());
        }).toList();
        return new Measured(result, directories);
    }

    /** The export root as a record's path begins: as clients mount it, as configured, and resolved. */
    private List<String> prefixes() {
        List<String> prefixes = new ArrayList<>();
        config.nfsPath().ifPresent(prefixes::add);
        prefixes.add(scan.root().toString());
        try {
            String real = scan.root().toRealPath().toString();
            if (!prefixes.contains(real)) {
                prefixes.add(real); // the export manager resolves a root configured through a link
            }
        } catch (java.io.IOException e) {
            // the scan reports a root it cannot read
        }
        return prefixes;
    }

    private AuditCompleted completed(RunStatus run, AuditReport report, ExportRootScan.Result result,
            List<ObservedDirectory> directories, VolumeFigures volume, int open) {
        long allocated = owned(directories).mapToLong(d -> d.measurement().allocatedBytes()).sum();
        long apparent = owned(directories).mapToLong(d -> d.measurement().apparentBytes()).sum();
        return new AuditCompleted(config.serverId(), run.id(), run.startedAt(), report.durationMillis(),
                result.filesScanned(), result.directoriesScanned(), allocated, apparent, volume.totalBytes(),
                volume.usedBytes(), open);
    }

    private static java.util.stream.Stream<ObservedDirectory> owned(List<ObservedDirectory> directories) {
        return directories.stream().filter(d -> d.role() != ObservedDirectory.Role.UNOWNED);
    }

    private static void log(RunStatus run, ExportRootScan.Result result, List<ObservedDirectory> directories,
            Duration scanned, Reconciliation decided, Announcer.Announced announced) {
        long apparent = directories.stream().mapToLong(d -> d.measurement().apparentBytes()).sum();
        long allocated = owned(directories).mapToLong(d -> d.measurement().allocatedBytes()).sum();
        LOG.infof("audit run %s: %d files in %d directories scanned in %d ms (%.0f files/s), %d B allocated"
                        + " (%d B apparent); %d findings open, %d of %d changes published%s",
                run.id(), result.filesScanned(), result.directoriesScanned(), scanned.toMillis(),
                result.filesScanned() / Math.max(0.001, scanned.toNanos() / 1e9), allocated, apparent,
                decided.open().size(), announced.published(), decided.changes().size(),
                result.unreadable() > 0 ? "; " + result.unreadable() + " entries could not be read (permissions?)" : "");
    }

    /** Logs the progress of a long scan: files so far and files per second. */
    public void logProgress(Duration after) {
        RunStatus current;
        synchronized (this) {
            current = running;
        }
        if (current == null) {
            return;
        }
        Duration elapsed = Duration.between(current.startedAt(), Instant.now());
        if (elapsed.compareTo(after) < 0) {
            return;
        }
        long files = metrics.progress().sum();
        LOG.infof("audit run %s still scanning: %d files after %d s (%.0f files/s)", current.id(), files,
                elapsed.toSeconds(), files / Math.max(0.001, elapsed.toMillis() / 1000.0));
    }

    void stopping(@Observes ShutdownEvent event) { // before the channels and the beans a run uses go
        stopping = true;
    }

    @PreDestroy
    void stop() {
        stopping = true;
        executor.shutdownNow();
    }
}
