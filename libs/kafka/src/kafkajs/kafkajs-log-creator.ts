import { Logger } from '@nestjs/common';
import { logCreator, logLevel } from 'kafkajs';

/** Routes kafkajs's own log lines through Nest's logger (and so the app's JSON logger). */
export const nestLogCreator: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ level, log }) => {
    const { message, ...fields } = log;
    const text = `${message}${Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`;
    if (level === logLevel.ERROR) logger.error(text);
    else if (level === logLevel.WARN) logger.warn(text);
    else if (level === logLevel.INFO) logger.log(text);
    else logger.debug(text);
  };
};
