package org.acrcds.bench;

import org.acrcds.api.Indicator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.acrcds.AcrCdsApplication;
import org.acrcds.api.CdsServiceRequest;
import org.acrcds.api.CdsServiceResponse;
import org.acrcds.cards.ResponseRenderer;
import org.acrcds.catalog.HookDefinition;
import org.acrcds.evaluation.CqlEvaluator;
import org.acrcds.prefetch.PatientRecord;
import org.acrcds.prefetch.PatientRecordAssembler;
import org.acrcds.protocol.HookHandler;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * In-process cost of the stages of one order-select call (the vignette, its prefetch grown to {@code records}
 * resources by {@code bench/gen_records.py}), without HTTP: parse the CDS Hooks JSON, assemble the patient record,
 * evaluate the CQL, render cards and rating actions, and the whole {@link HookHandler#handle}.
 *
 * <p>A benchmark, not a test: run it with {@code bench/jmh.sh} (which generates the records first); the name
 * avoids the Surefire/Failsafe patterns. Each stage gets the output of the previous ones, prepared once in
 * {@link #start()}; stages that mutate their input (bare ids) do so idempotently.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 3, time = 2)
public class HookPipelineBenchmark {

    static final String SERVICE = "jia-spine-followup-order-select";

    /** Resources in prefetch (conditions 30 %, observations 50 %, medications 20 %): target/bench/record-N.json. */
    @Param({"10", "100", "1000", "10000"})
    int records;

    /**
     * {@code typical}: one filler condition in ten is a back pain diagnosis, all with the same wording;
     * {@code back-pain-notes}: every filler condition is a back pain diagnosis with its own free text
     * (target/bench/record-N-back-pain-notes.json), the stress case of the CQL's back pain concept lists.
     */
    @Param({"typical"})
    String variant;

    ConfigurableApplicationContext context;
    ObjectMapper json;
    PatientRecordAssembler assembler;
    CqlEvaluator evaluator;
    ResponseRenderer responseRenderer;
    HookHandler hookHandler;

    HookDefinition service;
    byte[] body;
    CdsServiceRequest request;
    PatientRecord record;
    Set<String> patientExpressions;
    Set<String> ratedOrderIds;
    CqlEvaluator.Evaluation evaluation;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Path file = Path.of(System.getProperty("bench.records", "target/bench"),
                "record-" + records + ("typical".equals(variant) ? "" : "-" + variant) + ".json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file.toAbsolutePath() + " is missing: run bench/jmh.sh (or python3 bench/gen_records.py)");
        }
        body = Files.readAllBytes(file);
        // -Dbench.spring.args=--cds.inbound-validation=warn,... : Spring arguments for a variant of the configuration
        String[] springArgs = System.getProperty("bench.spring.args", "").isBlank() ? new String[0]
                : System.getProperty("bench.spring.args").split(",");
        context = new SpringApplicationBuilder(AcrCdsApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off", "logging.level.root=WARN")
                .run(springArgs);
        json = context.getBean(ObjectMapper.class);
        assembler = context.getBean(PatientRecordAssembler.class);
        evaluator = context.getBean(CqlEvaluator.class);
        responseRenderer = context.getBean(ResponseRenderer.class);
        hookHandler = context.getBean(HookHandler.class);

        service = hookHandler.service(SERVICE);
        request = parse();
        record = assemble();
        patientExpressions = service.patientExpressions();
        // order-select rates the selected draft orders (as HookHandler does)
        ratedOrderIds = request.context().selections().stream()
                .map(selection -> selection.substring(selection.indexOf('/') + 1)).collect(Collectors.toSet());
        evaluation = evaluate();
        CdsServiceResponse response = handle();
        // The filler must not change the vignette's answer: one warning card, one rating.
        if (response.cards().size() != 1 || response.cards().get(0).indicator() != Indicator.WARNING
                || render().systemActions().size() != 1) {
            throw new IllegalStateException(file + " does not give the vignette's answer: " + json.writeValueAsString(response));
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (context != null) {
            context.close();
        }
    }

    /** JSON bytes to the request record (Jackson + HAPI for the FHIR parts), as the controller receives it. */
    @Benchmark
    public CdsServiceRequest parse() throws Exception {
        return json.readValue(body, CdsServiceRequest.class);
    }

    /** prefetch + draftOrders to the patient's record (no FHIR server: everything is prefetched). */
    @Benchmark
    public PatientRecord assemble() {
        return assembler.assemble(request, service);
    }

    /** The CQL library alone ("Order Assessments" and the patient-card expressions) on the assembled record. */
    @Benchmark
    public CqlEvaluator.Evaluation evaluate() {
        return evaluator.evaluate(service.config().library(), record, ratedOrderIds, patientExpressions, service.suggestableOrders());
    }

    /** Cards and rating actions from the evaluation, as {@link HookHandler#handle} does for order-select. */
    @Benchmark
    public CdsServiceResponse render() {
        Map<String, ServiceRequest> drafts = record.draftOrders().stream()
                .collect(Collectors.toMap(order -> order.getIdElement().getIdPart(), Function.identity(), (a, b) -> a));
        return responseRenderer.render(service, evaluation, drafts, ratedOrderIds, Optional.empty());
    }

    /** validate, assemble, evaluate, render: everything between the parsed request and the response object. */
    @Benchmark
    public CdsServiceResponse handle() {
        return hookHandler.handle(SERVICE, request, Optional.empty());
    }
}
