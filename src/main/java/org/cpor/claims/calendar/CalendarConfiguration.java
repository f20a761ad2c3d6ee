package org.cpor.claims.calendar;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CalendarConfiguration {

  @Bean
  BusinessCalendar businessCalendar(CalendarProperties properties) {
    return new BusinessCalendar(
        properties.zone(), properties.holidayCountry(), properties.extraHolidays());
  }
}
