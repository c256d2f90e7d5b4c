package org.acrcds.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Lets CDS Hooks JSON carry FHIR resources as HAPI objects, parsed and written by HAPI's own JSON parser. A resource
 * is read once, into a JSON tree as HAPI itself reads one (decimals exactly as written: 38.10 stays 38.10), and HAPI
 * builds the resource from that tree.
 */
public final class FhirJacksonModule extends SimpleModule {

    public FhirJacksonModule(FhirContext fhirContext) {
        super("fhir-r4");
        ObjectMapper resourceTrees = JsonMapper.builder()
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        addSerializer(IBaseResource.class, new ResourceSerializer(fhirContext));
        addDeserializer(Resource.class, new ResourceDeserializer<>(fhirContext, resourceTrees, Resource.class));
        addDeserializer(Bundle.class, new ResourceDeserializer<>(fhirContext, resourceTrees, Bundle.class));
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
        private final transient ObjectMapper resourceTrees;
        private final Class<T> type;

        ResourceDeserializer(FhirContext fhirContext, ObjectMapper resourceTrees, Class<T> type) {
            super(type);
            this.fhirContext = fhirContext;
            this.resourceTrees = resourceTrees;
            this.type = type;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!(resourceTrees.readTree(parser) instanceof ObjectNode tree)) {
                return type.cast(context.handleUnexpectedToken(type, parser));
            }
            JacksonStructure structure = new JacksonStructure();
            structure.setNativeObject(tree);
            try {
                IBaseResource resource = ((IJsonLikeParser) fhirContext.newJsonParser()).parseResource(structure);
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
