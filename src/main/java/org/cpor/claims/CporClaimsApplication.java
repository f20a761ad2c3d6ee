package org.cpor.claims;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CporClaimsApplication {

  public static void main(String[] args) {
    SpringApplication.run(CporClaimsApplication.class, args);
  }
}
