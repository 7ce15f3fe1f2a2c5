package dev.autojoin.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(EmulatorExtension.class)}: every test class starts with an empty {@link #TABLE} created from
 * template.yaml, no sent mail and {@link #SENDER} verified; test methods and constructors may take an
 * {@link Emulator}. One emulator serves the whole test run (a JVM shutdown hook stops it), so classes must not run in
 * parallel.
 */
public final class EmulatorExtension implements BeforeAllCallback, ParameterResolver {

    public static final String TABLE = "autojoin-test";
    public static final String SENDER = Emulator.SENDER;

    @Override
    public void beforeAll(ExtensionContext context) {
        Emulator.shared().resetAll(TABLE);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Emulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return Emulator.shared();
    }
}
