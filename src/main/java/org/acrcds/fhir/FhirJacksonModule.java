package org.acrcds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/** Lets CDS Hooks JSON carry FHIR resources as HAPI objects, parsed and written by HAPI's own JSON parser. */
public final class FhirJacksonModule extends SimpleModule {

    public FhirJacksonModule(FhirContext fhirContext) {
        super("fhir-r4");
        addSerializer(IBaseResource.class, new ResourceSerializer(fhirContext));
        addDeserializer(Resource.class, new ResourceDeserializer<>(fhirContext, Resource.class));
        addDeserializer(Bundle.class, new ResourceDeserializer<>(fhirContext, Bundle.class));
    }

    private static final class ResourceSerializer extends StdSerializer<IBaseResource> {
        private final transient FhirContext fhirContext;

        ResourceSerializer(FhirContext fhirContext) {
            super(IBaseResource.class);
            this.fhirContext = fhirContext;
        }

        @Override
        public void serialize(IBaseResource resource, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeRawValue(fhirContext.newJsonParser().encodeResourceToString(resource));
        }
    }

    private static final class ResourceDeserializer<T extends IBaseResource> extends StdDeserializer<T> {
        private final transient FhirContext fhirContext;
        private final Class<T> type;

        ResourceDeserializer(FhirContext fhirContext, Class<T> type) {
            super(type);
            this.fhirContext = fhirContext;
            this.type = type;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode tree = context.readTree(parser);
            if (!tree.isObject()) {
                return type.cast(context.handleUnexpectedToken(type, parser));
            }
            IParser fhirParser = fhirContext.newJsonParser();
            try {
                IBaseResource resource = fhirParser.parseResource(tree.toString());
                if (!type.isInstance(resource)) {
                    throw new InvalidFhirResourceException(parser,
                            "must be a FHIR " + type.getSimpleName() + " but is a " + resource.fhirType());
                }
                return type.cast(resource);
            } catch (DataFormatException e) {
                throw new InvalidFhirResourceException(parser, "is not a valid FHIR R4 resource: " + e.getMessage());
            }
        }
    }
}
