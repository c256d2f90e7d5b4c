package org.acrcds.evaluation;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.acrcds.prefetch.PatientRecord;
import org.apache.commons.lang3.tuple.Pair;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.opencds.cqf.cql.engine.data.CompositeDataProvider;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.EvaluationResult;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.opencds.cqf.cql.engine.runtime.Tuple;
import org.springframework.stereotype.Component;

/**
 * Evaluates a hook's CQL library against one patient's record. The engine and its environment are built per
 * call (cheap); the translated libraries, model resolver and terminology are shared and read-only.
 */
@Component
public class CqlEvaluator {

    /** The expression every rating library defines: one tuple per draft order. */
    public static final String ORDER_ASSESSMENTS = "Order Assessments";
    static final String UNAVAILABLE_DATA = "Unavailable Data";
    static final String RATED_ORDER_IDS = "Rated Order Ids";
    static final String SUGGESTABLE_ORDERS = "Suggestable Orders";

    private final CqlLibraries libraries;
    private final R4FhirModelResolver modelResolver;
    private final ValueSetIndex terminology;
    private final Clock clock;
    private final FunctionResolutionCache functionResolutions = new FunctionResolutionCache();
    private final SystemModelDataProvider systemModel = new SystemModelDataProvider();

    public CqlEvaluator(CqlLibraries libraries, R4FhirModelResolver modelResolver, ValueSetIndex terminology, Clock clock) {
        this.libraries = libraries;
        this.modelResolver = modelResolver;
        this.terminology = terminology;
        this.clock = clock;
    }

    /**
     * @param libraryName the library to run
     * @param ratedOrderIds the draft orders this call rates; the others are context only
     * @param patientExpressions further (patient-level) expressions whose values the caller needs
     * @param suggestableOrders the orders a card may suggest in place of a draft: each is rated in its place
     */
    public Evaluation evaluate(String libraryName, PatientRecord record, Set<String> ratedOrderIds, Set<String> patientExpressions,
            List<ActivityDefinition> suggestableOrders) {
        PatientRecordRetriever retriever = new PatientRecordRetriever(record, modelResolver, terminology);
        Environment environment = new RecordEnvironment(libraries.libraryManager(),
                Map.of("http://hl7.org/fhir", new CompositeDataProvider(modelResolver, retriever),
                        SystemModelDataProvider.SYSTEM_MODEL_URI, systemModel), terminology);
        Set<String> expressions = new HashSet<>(patientExpressions);
        expressions.add(ORDER_ASSESSMENTS);
        Map<String, Object> parameters = Map.of(
                UNAVAILABLE_DATA, List.copyOf(record.unavailableData()),
                RATED_ORDER_IDS, List.copyOf(ratedOrderIds),
                SUGGESTABLE_ORDERS, suggestableOrders);
        try {
            CqlEngine engine = new CqlEngine(environment);
            functionResolutions.installIn(engine);
            EvaluationResult result = engine.evaluate(
                    libraries.identifier(libraryName), expressions,
                    Pair.of("Patient", record.patient().getIdElement().getIdPart()), parameters, null,
                    ZonedDateTime.now(clock));
            Map<String, Object> patientValues = new LinkedHashMap<>();
            patientExpressions.forEach(name -> patientValues.put(name, result.forExpression(name).value()));
            return new Evaluation(assessments(result.forExpression(ORDER_ASSESSMENTS).value()), patientValues);
        } catch (RuntimeException e) { // the engine's CqlException, or a value not shaped as the contract says
            throw new EvaluationFailedException(libraryName, e);
        }
    }

    private static List<OrderAssessment> assessments(Object value) {
        List<OrderAssessment> assessments = new ArrayList<>();
        if (value instanceof Iterable<?> tuples) {
            for (Object item : tuples) {
                Tuple tuple = (Tuple) item;
                assessments.add(new OrderAssessment(
                        string(tuple, "orderId"), string(tuple, "procedureClass"), string(tuple, "category"),
                        string(tuple, "pamaRating"), string(tuple, AssessmentContract.CARD),
                        strings(tuple.getElement(AssessmentContract.NOTES)), alternatives(tuple.getElement("alternatives")),
                        textFields(tuple)));
            }
        }
        return assessments;
    }

    private static List<OrderAssessment.AlternativeRating> alternatives(Object value) {
        List<OrderAssessment.AlternativeRating> alternatives = new ArrayList<>();
        if (value instanceof Iterable<?> tuples) {
            for (Object item : tuples) {
                Tuple tuple = (Tuple) item;
                alternatives.add(new OrderAssessment.AlternativeRating(
                        string(tuple, "order"), string(tuple, "pamaRating"), string(tuple, "category")));
            }
        }
        return alternatives;
    }

    /** Every element with one value (not a list, not a tuple), as text: what card templates may quote. */
    private static Map<String, String> textFields(Tuple tuple) {
        Map<String, String> fields = new LinkedHashMap<>();
        tuple.getElements().forEach((name, value) -> {
            if (value != null && !(value instanceof Iterable<?>) && !(value instanceof Tuple)) {
                fields.put(name, value.toString());
            }
        });
        return fields;
    }

    private static String string(Tuple tuple, String element) {
        Object value = tuple.getElement(element);
        return value == null ? null : value.toString();
    }

    private static List<String> strings(Object value) {
        List<String> strings = new ArrayList<>();
        if (value instanceof Iterable<?> items) {
            items.forEach(item -> strings.add(item.toString()));
        }
        return strings;
    }

    /** The order assessments plus the values of the requested patient-level expressions. */
    public record Evaluation(List<OrderAssessment> orderAssessments, Map<String, Object> patientValues) {

        public boolean isTrue(String expression) {
            return Boolean.TRUE.equals(patientValues.get(expression));
        }
    }
}
