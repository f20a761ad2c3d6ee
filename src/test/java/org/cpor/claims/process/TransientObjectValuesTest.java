package org.cpor.claims.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.io.Serializable;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.ObjectValue;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.TestSmtp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A transient object variable (how a submission hands the claim and its checks to the process) is
 * kept as the object it was set with, without Java serialization, so it need not even be {@code
 * Serializable}; a stored object variable is still serialized by Camunda.
 */
@CporSpringTest
class TransientObjectValuesTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @Autowired ProcessEngineConfigurationImpl engine;

  /** Not Serializable: Camunda's Java serializer would refuse it. */
  record Unserializable(String text) {}

  record Stored(String text) implements Serializable {}

  @Test
  void aTransientObjectIsKeptAsItIsWithoutSerialization() {
    Unserializable value = new Unserializable("the claim");
    VariableInstanceEntity variable =
        created("claim", Variables.objectValue(value, true).create(), true);

    assertThat(variable.getSerializerName()).isEqualTo(TransientObjectValues.Unserialized.NAME);
    assertThat(variable.getByteArrayValue()).isNull();
    ObjectValue read =
        engine
            .getCommandExecutorTxRequired()
            .execute(context -> (ObjectValue) variable.getTypedValue(true));
    assertThat(read.getValue()).isSameAs(value);
  }

  @Test
  void aStoredObjectIsStillSerializedByCamunda() {
    VariableInstanceEntity variable =
        created("stored", Variables.objectValue(new Stored("kept")).create(), false);

    assertThat(variable.getSerializerName()).isNotEqualTo(TransientObjectValues.Unserialized.NAME);
    assertThat(variable.getByteArrayValue()).isNotEmpty();
  }

  /** A variable as the engine makes it when a process sets one, in a command of its own. */
  private VariableInstanceEntity created(String name, TypedValue value, boolean isTransient) {
    return engine
        .getCommandExecutorTxRequired()
        .execute(context -> VariableInstanceEntity.create(name, value, isTransient));
  }
}
