package org.acrcds.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.data.CompositeDataProvider;
import org.opencds.cqf.cql.engine.data.DataProvider;
import org.opencds.cqf.cql.engine.exception.CqlException;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.opencds.cqf.cql.engine.runtime.Code;

/** Values reach the data provider of their model as in the engine's own environment, errors included. */
class RecordEnvironmentTest {

    private final Map<String, DataProvider> providers = Map.of(
            "http://hl7.org/fhir", new CompositeDataProvider(new R4FhirModelResolver(), null),
            SystemModelDataProvider.SYSTEM_MODEL_URI, new SystemModelDataProvider());
    private final Environment environment = new RecordEnvironment(null, providers, null);
    private final Environment engineEnvironment = new Environment(null, providers, null);

    @Test
    void readsFhirAndCqlValuesThroughTheirModelsProvider() {
        CodeableConcept code = new CodeableConcept().setText("juvenile idiopathic arthritis");
        Condition condition = new Condition().setCode(code);
        Code cqlCode = new Code().withCode("M08.1");

        assertThat(environment.resolvePath(condition, "code")).isSameAs(code).isSameAs(engineEnvironment.resolvePath(condition, "code"));
        assertThat(environment.resolvePath(cqlCode, "code")).isEqualTo("M08.1");
        assertThat(environment.resolvePath(null, "code")).isNull();
    }

    @Test
    void setsValuesThroughTheirModelsProvider() {
        Code cqlCode = new Code();
        environment.setValue(cqlCode, "code", "M08.1");
        environment.setValue(null, "code", "ignored");

        assertThat(cqlCode.getCode()).isEqualTo("M08.1");
    }

    @Test
    void failsAsTheEngineDoesForValuesNoModelDescribes() {
        assertThatThrownBy(() -> environment.resolvePath("text", "length")).isInstanceOf(CqlException.class)
                .hasMessage(messageOf(() -> engineEnvironment.resolvePath("text", "length")));
        assertThatThrownBy(() -> environment.resolvePath(new java.util.ArrayList<>(), "size")).isInstanceOf(CqlException.class)
                .hasMessage(messageOf(() -> engineEnvironment.resolvePath(new java.util.ArrayList<>(), "size")));
    }

    private static String messageOf(Runnable call) {
        try {
            call.run();
        } catch (CqlException e) {
            return e.getMessage();
        }
        throw new AssertionError("the engine did not fail");
    }
}
