package org.acrcds.evaluation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.xml.namespace.QName;
import org.acrcds.content.ContentException;
import org.hl7.elm.r1.As;
import org.hl7.elm.r1.Case;
import org.hl7.elm.r1.CaseItem;
import org.hl7.elm.r1.Expression;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.ExpressionRef;
import org.hl7.elm.r1.FunctionDef;
import org.hl7.elm.r1.FunctionRef;
import org.hl7.elm.r1.If;
import org.hl7.elm.r1.Library;
import org.hl7.elm.r1.Literal;
import org.hl7.elm.r1.Null;
import org.hl7.elm.r1.Query;
import org.hl7.elm.r1.Tuple;
import org.hl7.elm.r1.TupleElement;

/**
 * What a library's {@code "Order Assessments"} can return, read from its ELM when content loads, so that the cards
 * can be checked against it before any call: the tuple's element names (the placeholders a card may use), and every
 * value its {@code card} and {@code notes} elements can take (the card templates and notes the hook must define).
 * Those values must be string literals in each branch ({@code if}, {@code case}, a query's result, a list, a
 * definition or function of the same library): a value computed otherwise could name a card nobody checked. It also
 * lists the library's Boolean definitions: each card's condition must be one.
 *
 * @param elements the names of the tuple's elements
 * @param cards the card template names the {@code card} element can take
 * @param notes the note names the {@code notes} element's lists can hold
 * @param conditions the names of the library's Boolean definitions (functions excluded)
 */
public record AssessmentContract(Set<String> elements, Set<String> cards, Set<String> notes, Set<String> conditions) {

    static final String CARD = "card";
    static final String NOTES = "notes";
    static final QName BOOLEAN = new QName("urn:hl7-org:elm-types:r1", "Boolean");

    static AssessmentContract read(Library library, String expression) {
        ExpressionDef assessments = definitions(library).stream()
                .filter(def -> def.getName().equals(expression)).findFirst()
                .orElseThrow(() -> new ContentException("library " + name(library) + " does not define \"" + expression + "\""));
        Results results = new Results(library);
        List<Tuple> tuples = new java.util.ArrayList<>();
        results.of(assessments.getExpression(), leaf -> {
            if (!(leaf instanceof Tuple tuple)) {
                throw new ContentException("library " + name(library) + ": \"" + expression + "\" must return tuples, built by "
                        + "Tuple { ... } in the library itself; found " + leaf.getClass().getSimpleName());
            }
            tuples.add(tuple);
        });
        Set<String> elements = new LinkedHashSet<>();
        Set<String> cards = new LinkedHashSet<>();
        Set<String> notes = new LinkedHashSet<>();
        for (Tuple tuple : tuples) {
            for (TupleElement element : tuple.getElement()) {
                elements.add(element.getName());
                if (CARD.equals(element.getName())) {
                    results.literals(element.getValue(), expression + "'s " + CARD, cards);
                } else if (NOTES.equals(element.getName())) {
                    results.literals(element.getValue(), expression + "'s " + NOTES, notes);
                }
            }
        }
        Set<String> conditions = definitions(library).stream()
                .filter(def -> !(def instanceof FunctionDef) && BOOLEAN.equals(def.getResultTypeName()))
                .map(ExpressionDef::getName).collect(Collectors.toUnmodifiableSet());
        return new AssessmentContract(Set.copyOf(elements), Set.copyOf(cards), Set.copyOf(notes), conditions);
    }

    private static List<ExpressionDef> definitions(Library library) {
        return library.getStatements() == null ? List.of() : library.getStatements().getDef();
    }

    private static String name(Library library) {
        return library.getIdentifier().getId();
    }

    /** The expressions a value can come from, following branches and references within the library. */
    private record Results(Library library) {

        void of(Expression expression, Consumer<Expression> leaf) {
            if (expression == null || expression instanceof Null) {
                return;
            }
            if (expression instanceof If choice) {
                of(choice.getThen(), leaf);
                of(choice.getElse(), leaf);
            } else if (expression instanceof Case choice) {
                for (CaseItem item : choice.getCaseItem()) {
                    of(item.getThen(), leaf);
                }
                of(choice.getElse(), leaf);
            } else if (expression instanceof Query query) {
                if (query.getReturn() != null) {
                    of(query.getReturn().getExpression(), leaf);
                } else {
                    query.getSource().forEach(source -> of(source.getExpression(), leaf));
                }
            } else if (expression instanceof org.hl7.elm.r1.List list) {
                list.getElement().forEach(element -> of(element, leaf));
            } else if (expression instanceof As cast) {
                of(cast.getOperand(), leaf);
            } else if (expression instanceof ExpressionRef reference && reference.getLibraryName() == null) {
                // A function: every overload of its name; a definition: the one of its name.
                boolean function = expression instanceof FunctionRef;
                definitions(library).stream()
                        .filter(def -> def.getName().equals(reference.getName())
                                && (def instanceof FunctionDef) == function)
                        .forEach(def -> of(def.getExpression(), leaf));
            } else {
                leaf.accept(expression);
            }
        }

        void literals(Expression expression, String what, Set<String> values) {
            of(expression, leaf -> {
                if (!(leaf instanceof Literal literal) || !literal.getValueType().getLocalPart().equals("String")) {
                    throw new ContentException("library " + name(library) + ": every value of " + what
                            + " must be a string literal in the library itself (it names a template checked when content "
                            + "loads); found " + leaf.getClass().getSimpleName());
                }
                values.add(literal.getValue());
            });
        }
    }
}
