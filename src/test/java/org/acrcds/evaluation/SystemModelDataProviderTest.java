package org.acrcds.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencds.cqf.cql.engine.data.SystemDataProvider;
import org.opencds.cqf.cql.engine.runtime.Code;

/** Each property is set as the engine's own provider sets it, whichever setter the property has. */
class SystemModelDataProviderTest {

    private final SystemModelDataProvider provider = new SystemModelDataProvider();
    private final SystemDataProvider engineProvider = new SystemDataProvider();

    @ParameterizedTest
    @CsvSource({"Code, code", "Code, system", "Code, display", "Concept, display", "Quantity, unit"})
    void setsTextPropertiesAsTheEngineDoes(String type, String property) {
        assertSameAsEngine(type, property, "M08.1");
    }

    @Test
    void setsPropertiesWhoseSetterTakesAWiderTypeThanTheField() {
        // Concept.codes is the case the engine does not cache: its setter takes an Iterable, the field is a List.
        assertSameAsEngine("Concept", "codes", List.of(new Code().withCode("M08.1").withSystem("http://hl7.org/fhir/sid/icd-10-cm")));
        assertSameAsEngine("Quantity", "value", new BigDecimal("38.10"));
    }

    @Test
    void repeatedCallsKeepSettingTheNewValue() {
        Object first = provider.createInstance("Code");
        Object second = provider.createInstance("Code");
        provider.setValue(first, "code", "a");
        provider.setValue(second, "code", "b");

        assertThat(provider.resolvePath(first, "code")).isEqualTo("a");
        assertThat(provider.resolvePath(second, "code")).isEqualTo("b");
    }

    @ParameterizedTest
    @CsvSource({"Code", "Concept", "Quantity", "Interval", "Tuple", "DateTime", "Ratio", "ValueSet", "CodeSystem"})
    void resolvesTypeNamesAsTheEngineDoes(String type) {
        assertThat(provider.resolveType(type)).isEqualTo(engineProvider.resolveType(type));
        assertThat(provider.resolveType(type)).as("asked again").isEqualTo(engineProvider.resolveType(type));
    }

    @Test
    void anUnknownTypeFailsEveryTime() {
        assertThatThrownBy(() -> provider.resolveType("NoSuchType")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider.resolveType("NoSuchType")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownPropertyFailsAsInTheEngine() {
        Object code = provider.createInstance("Code");

        assertThatThrownBy(() -> provider.setValue(code, "noSuchProperty", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engineProvider.setValue(engineProvider.createInstance("Code"), "noSuchProperty", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void assertSameAsEngine(String type, String property, Object value) {
        Object ours = provider.createInstance(type);
        Object engines = engineProvider.createInstance(type);
        provider.setValue(ours, property, value);
        engineProvider.setValue(engines, property, value);

        assertThat(provider.resolvePath(ours, property)).isEqualTo(value)
                .isEqualTo(engineProvider.resolvePath(engines, property));
    }
}
