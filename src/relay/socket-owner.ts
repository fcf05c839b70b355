// Each socket a tunnel holds points back at its tunnel. Listeners are then plain functions,
// shared by every tunnel and called with `this` = the socket that emitted, instead of a set
// of closures per tunnel: an idle tunnel costs its sockets and one small object.

import type { Socket } from 'node:net';

const kOwner = Symbol('vcl-edge.relay.owner');

type OwnedSocket<T> = Socket & { [kOwner]?: T };

export function setOwner<T>(socket: Socket, owner: T): void {
  (socket as OwnedSocket<T>)[kOwner] = owner;
}

/** The owner set with setOwner(); only called from listeners attached after it. */
export function ownerOf<T>(socket: Socket): T {
  return (socket as OwnedSocket<T>)[kOwner]!;
}
