/**
 * The service behind the chat front ends (the WarroomService port): windows and their war-room view, status,
 * and run control, built on the engine's public surface.
 */
export { EngineService, type EngineServiceOptions } from './engine-service.js';
export { existingWindowsOf, toSystemsWindow } from './systems-window.js';
export { SystemsService, MAX_MAIL_TEXT, type SystemsServiceOptions } from './systems-service.js';
