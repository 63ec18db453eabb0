package npukit.sweep.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import npukit.arch.io.UserException;
import npukit.results.SweepRow;
import npukit.runner.InputException;
import npukit.runner.sweep.SweepEngine;
import npukit.runner.sweep.SweepJobs;
import npukit.runner.sweep.SweepSpec;
import npukit.runner.sweep.SweepSpecReader;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkDriverExecutionException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The engine that runs a sweep's jobs on Apache Spark: {@code local[*]} in this process by default, or
 * any master ({@code spark://host:7077}, {@code yarn}, ...) given to it or set by spark-submit.
 *
 * <p>Each job is one Spark task. A task gets the spec's path and text and the job's index, and rebuilds
 * the spec on its executor (once per executor process: models load once), so nothing of the spec has to
 * be serializable; the files the spec names must be at the same paths on every executor. It sends back
 * the job's {@link SweepJobs.Lines}, which reach the driver as each task ends, so rows are appended as
 * jobs finish and a killed sweep keeps them.
 */
public final class SparkSweep implements SweepEngine {

    /** Spark's own default when no master is given here or by spark-submit. */
    public static final String DEFAULT_MASTER = "local[*]";

    private final SparkConf conf;

    /**
     * @param master the Spark master; empty: the one spark-submit set, else {@link #DEFAULT_MASTER}
     * @param cache  where Spark keeps its scratch files (block manager, shuffle), e.g. the project's .cache
     */
    public SparkSweep(Optional<String> master, Path cache) {
        // new SparkConf() takes the spark.* system properties, which is how spark-submit passes its settings.
        this.conf = new SparkConf().setAppName("npu sweep").set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
        master.ifPresent(conf::setMaster);
        conf.setIfMissing("spark.master", DEFAULT_MASTER);
        conf.setIfMissing("spark.local.dir", cache.resolve("spark").toAbsolutePath().toString());
        if (conf.get("spark.master").startsWith("local")) {
            // In-process: no need to find this machine's network address (a sandbox may not resolve it).
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
    }

    public String master() {
        return conf.get("spark.master");
    }

    @Override
    public String describe() {
        return "Spark " + master();
    }

    @Override
    public void run(SweepSpec spec, List<Integer> jobs, Consumer<SweepJobs.Lines> finished) {
        if (jobs.isEmpty()) {
            return;
        }
        Task task = new Task(spec.file().toAbsolutePath().toString(), text(spec.file()));
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            // One job per partition, so each row comes back as soon as its job ends.
            RDD<Integer> rdd = sc.parallelize(jobs, jobs.size()).rdd();
            ClassTag<ArrayList<SweepJobs.Lines>> tag = ClassTag$.MODULE$.apply(ArrayList.class);
            sc.sc().runJob(rdd, task, new Handler(spec, finished), tag);
        } catch (Exception e) {
            // Spark's exceptions are checked ones to Java, but Scala throws them undeclared.
            throw unwrapped(e);
        } finally {
            Task.SPECS.clear();
        }
    }

    private static RuntimeException unwrapped(Exception e) {
        if (e instanceof SparkDriverExecutionException && e.getCause() instanceof RuntimeException r) {
            return r; // thrown by the handler on this side: appending, or a row that is not this spec's
        }
        // A task failed on an executor: most likely the spec or a file it names did not load there.
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof UserException u) {
                return new InputException("on a Spark executor: " + u.getMessage(), e);
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** What runs on an executor: the jobs of one partition, from the spec rebuilt there. */
    static final class Task extends AbstractFunction1<Iterator<Integer>, ArrayList<SweepJobs.Lines>>
            implements Serializable {

        private static final long serialVersionUID = 1L;
        /** Specs rebuilt in this process, by path and text: read once, shared by the tasks that run here. */
        static final ConcurrentMap<List<String>, SweepSpec> SPECS = new ConcurrentHashMap<>();

        private final String file;
        private final String text;

        Task(String file, String text) {
            this.file = file;
            this.text = text;
        }

        @Override
        public ArrayList<SweepJobs.Lines> apply(Iterator<Integer> jobs) {
            SweepSpec spec = SPECS.computeIfAbsent(List.of(file, text), k -> SweepSpecReader.read(Path.of(file), text));
            ArrayList<SweepJobs.Lines> out = new ArrayList<>();
            while (jobs.hasNext()) {
                out.add(SweepJobs.Lines.of(SweepJobs.run(spec, jobs.next())));
            }
            return out;
        }
    }

    /** On the driver, as each task ends: checks its rows are this spec's jobs and hands them over. */
    private static final class Handler extends AbstractFunction2<Object, ArrayList<SweepJobs.Lines>, BoxedUnit> {

        private final SweepSpec spec;
        private final Consumer<SweepJobs.Lines> finished;

        Handler(SweepSpec spec, Consumer<SweepJobs.Lines> finished) {
            this.spec = spec;
            this.finished = finished;
        }

        @Override
        public BoxedUnit apply(Object partition, ArrayList<SweepJobs.Lines> lines) {
            for (SweepJobs.Lines job : lines) {
                SweepRow row = job.row(spec);
                String hash = spec.point(job.job()).chip().hash();
                String workload = spec.workload(job.job()).name();
                if (!row.chip().configHash().equals(hash) || !row.workload().equals(workload)) {
                    throw new InputException("job " + job.job() + " came back as " + row.workload() + " on chip "
                            + row.chip().configHash() + ", not " + workload + " on " + hash + ": the executors read "
                            + "other files than " + spec.file() + " names here; they must see the same files at the same"
                            + " paths");
                }
                finished.accept(job);
            }
            return BoxedUnit.UNIT;
        }
    }
}
