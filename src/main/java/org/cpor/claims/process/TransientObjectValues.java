package org.cpor.claims.process;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.variable.serializer.AbstractTypedValueSerializer;
import org.camunda.bpm.engine.impl.variable.serializer.TypedValueSerializer;
import org.camunda.bpm.engine.impl.variable.serializer.ValueFields;
import org.camunda.bpm.engine.variable.impl.value.UntypedValueImpl;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * Transient object variables are not serialized. A submission hands the claim and its checks'
 * result to the process as transient object variables (they live until the start's transaction ends
 * and are never stored), yet Camunda writes every variable through its serializer when it is set:
 * both were Java-serialized on every submission, for nothing (about 2 % of the API's request
 * threads), and had to be {@code Serializable}. The engine reads a transient variable from the
 * value it was set with, so this serializer, first in the engine's list, takes transient object
 * values and writes nothing. Stored object values keep Camunda's serializers.
 */
@Component
class TransientObjectValues extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<TypedValueSerializer> serializers = new ArrayList<>();
    serializers.add(new Unserialized(configuration));
    if (configuration.getCustomPreVariableSerializers() != null) {
      serializers.addAll(configuration.getCustomPreVariableSerializers());
    }
    configuration.setCustomPreVariableSerializers(serializers);
  }

  /** Takes deserialized transient object values; keeps them as they are. */
  static final class Unserialized extends AbstractTypedValueSerializer<ObjectValue> {

    static final String NAME = "cpor-transient-object";

    private final ProcessEngineConfigurationImpl configuration;

    Unserialized(ProcessEngineConfigurationImpl configuration) {
      super(ValueType.OBJECT);
      this.configuration = configuration;
    }

    @Override
    public String getName() {
      return NAME;
    }

    /**
     * The engine's default format: where several serializers could take a value the engine picks
     * the first of the default format, and this one is first.
     */
    @Override
    public String getSerializationDataformat() {
      return configuration.getDefaultSerializationFormat();
    }

    @Override
    protected boolean canWriteValue(TypedValue value) {
      return value instanceof ObjectValue object && object.isTransient() && object.isDeserialized();
    }

    @Override
    public void writeValue(ObjectValue value, ValueFields valueFields) {
      // Nothing to write: the variable is never stored, and the engine reads it from the value.
    }

    @Override
    public ObjectValue readValue(
        ValueFields valueFields, boolean deserializeValue, boolean isTransient) {
      throw new ProcessEngineException(
          "Variable " + valueFields.getName() + " was transient and has no stored value");
    }

    @Override
    public ObjectValue convertToTypedValue(UntypedValueImpl untypedValue) {
      throw new ProcessEngineException("Only typed transient object values are taken here");
    }

    @Override
    public boolean isMutableValue(ObjectValue typedValue) {
      return false;
    }
  }
}
